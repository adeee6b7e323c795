/// The bounded first-in first-out queue between the decoding tasks and the one inference task of an accuracy pass.
///
/// Producers wait in `put` while `capacity` images are waiting; the consumer waits in `take` while none is. `close`
/// (the consumer stopping early) wakes every waiting producer, whose `put` then returns false. An actor: safe to
/// use from any task.
actor PreparedImageQueue {
    private let capacity: Int
    private var items: [PreparedImage] = []
    private var head = 0
    private var producersLeft: Int
    private var closed = false
    private var waitingProducers: [CheckedContinuation<Void, Never>] = []
    private var waitingConsumer: CheckedContinuation<PreparedImage?, Never>?

    /// - Parameters:
    ///   - capacity: Images allowed to wait (at least 1).
    ///   - producers: Producers that will call `producerFinished()`; `take` returns nil once all have and the queue is empty.
    init(capacity: Int, producers: Int) {
        self.capacity = max(1, capacity)
        self.producersLeft = producers
    }

    private var count: Int { items.count - head }

    /// Adds `item`, waiting while the queue is full.
    /// - Returns: false when the queue was closed (the item is dropped; the producer should stop).
    func put(_ item: PreparedImage) async -> Bool {
        while !closed && count >= capacity {
            await withCheckedContinuation { waitingProducers.append($0) }
        }
        guard !closed else { return false }
        if let consumer = waitingConsumer {
            waitingConsumer = nil
            consumer.resume(returning: item)
        } else {
            items.append(item)
        }
        return true
    }

    /// Says that one producer has put everything it will.
    func producerFinished() {
        producersLeft -= 1
        if producersLeft <= 0, count == 0, let consumer = waitingConsumer {
            waitingConsumer = nil
            consumer.resume(returning: nil)
        }
    }

    /// The oldest waiting image, waiting for one while the queue is empty.
    /// - Returns: nil once every producer has finished and nothing is left, or after `close()`.
    func take() async -> PreparedImage? {
        if closed { return nil }
        if count > 0 {
            let item = items[head]
            head += 1
            if head > 64 && head * 2 > items.count { items.removeFirst(head); head = 0 }
            if !waitingProducers.isEmpty { waitingProducers.removeFirst().resume() }
            return item
        }
        if producersLeft <= 0 { return nil }
        return await withCheckedContinuation { waitingConsumer = $0 }
    }

    /// Stops the queue: waiting producers are woken (their `put` returns false) and what is waiting is dropped.
    func close() {
        closed = true
        items = []
        head = 0
        for producer in waitingProducers { producer.resume() }
        waitingProducers = []
        if let consumer = waitingConsumer {
            waitingConsumer = nil
            consumer.resume(returning: nil)
        }
    }
}
