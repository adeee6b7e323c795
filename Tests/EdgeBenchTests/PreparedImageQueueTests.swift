import Foundation
import Testing
@testable import EdgeBench

/// The bounded queue between the accuracy pipeline's decoding tasks and its inference task.
@Suite("The accuracy pipeline's bounded queue")
struct PreparedImageQueueTests {
    static func image(_ index: Int) -> PreparedImage { PreparedImage(index: index, content: .skipped("image \(index)")) }

    /// Counts what a producer has put, from any task.
    actor Counter {
        var value = 0
        func increment() { value += 1 }
    }

    @Test("a producer waits while the queue is full, and every image comes out once, in order, then nil")
    func boundedAndOrdered() async throws {
        let queue = PreparedImageQueue(capacity: 2, producers: 1)
        let put = Counter()
        let producer = Task {
            for index in 0..<10 {
                _ = await queue.put(Self.image(index))
                await put.increment()
            }
            await queue.producerFinished()
        }
        // Give the producer every chance to run ahead: it can be at most the capacity (plus the one it holds) ahead.
        for _ in 0..<100 { await Task.yield() }
        #expect(await put.value <= 3)
        var taken: [Int] = []
        while let next = await queue.take() { taken.append(next.index) }
        #expect(taken == Array(0..<10))
        await producer.value
    }

    @Test("two producers: take returns nil only after both have finished")
    func waitsForEveryProducer() async throws {
        let queue = PreparedImageQueue(capacity: 4, producers: 2)
        let first = Task { _ = await queue.put(Self.image(0)); await queue.producerFinished() }
        await first.value
        let second = Task {
            for _ in 0..<50 { await Task.yield() }
            _ = await queue.put(Self.image(1))
            await queue.producerFinished()
        }
        var taken: [Int] = []
        while let next = await queue.take() { taken.append(next.index) }
        #expect(taken.sorted() == [0, 1])
        await second.value
    }

    @Test("close wakes a producer waiting on a full queue, whose put then returns false, and take returns nil")
    func closeReleasesProducers() async throws {
        let queue = PreparedImageQueue(capacity: 1, producers: 1)
        #expect(await queue.put(Self.image(0)))
        let blocked = Task { await queue.put(Self.image(1)) }
        for _ in 0..<50 { await Task.yield() }
        await queue.close()
        #expect(await blocked.value == false)
        #expect(await queue.take() == nil)
    }
}
