import EdgeBench
import Foundation
import ModelFormat
import Results
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM (what CI and systemd send) during a measurement are a request to stop: the
/// current round finishes, what was measured is reported, written and stored, and the process exits 130 / 143.
/// A second signal, or one outside a measurement, ends the process at once with the same code.
///
/// The handler only does lock-free atomic operations and `_exit` (async-signal-safe); the notice is printed
/// by the measuring thread when it sees the request. A caught signal is reset to the default in child
/// processes (`exec`), unlike an ignored one, so the runtime installer's children stay interruptible.
enum Interrupt {
    /// The first signal received (0: none).
    private static let received = Atomic<Int32>(0)
    /// True inside `gracefully`, where a signal only requests a stop.
    private static let measuring = Atomic<Bool>(false)
    private static let noticed = Atomic<Bool>(false)

    /// True once a stop was requested; prints the notice the first time it is seen true.
    static var isRequested: Bool {
        let signal = received.load(ordering: .relaxed)
        guard signal != 0 else { return false }
        if !noticed.exchange(true, ordering: .relaxed) {
            Terminal.errorRaw("\nedgebench: interrupted by \(name(of: signal)): finishing this round, then reporting what was measured (send it again to quit at once)")
        }
        return true
    }

    /// The signal that requested the stop, if any.
    static var stopSignal: Int32? {
        let signal = received.load(ordering: .relaxed)
        return signal == 0 ? nil : signal
    }

    /// Installs the handlers for SIGINT and SIGTERM; call once, before anything is measured.
    static func install() {
        // Touch the atomics first: the handler must not run their lazy initialisation.
        _ = received.load(ordering: .relaxed)
        _ = measuring.load(ordering: .relaxed)
        let handler: @convention(c) (Int32) -> Void = { signal in
            let previous = Interrupt.received.compareExchange(expected: 0, desired: signal, ordering: .relaxed).original
            if previous != 0 || !Interrupt.measuring.load(ordering: .relaxed) {
                _exit(128 + signal)
            }
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A blocked mask is inherited from the parent (test runners, some supervisors): unblock both, or a
        // SIGTERM would wait pending until the run ends on its own.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Runs `body` (measuring, then reporting and storing) with signals turned into stop requests.
    static func gracefully<T>(_ body: () throws -> T) rethrows -> T {
        measuring.store(true, ordering: .relaxed)
        defer { measuring.store(false, ordering: .relaxed) }
        return try body()
    }

    /// Throws `InterruptedRun` when a stop was requested: after the partial results were reported and stored.
    static func throwIfRequested() throws {
        if let signal = stopSignal { throw InterruptedRun(signal: signal, measuredAnything: true) }
    }

    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}

/// A measurement stopped by SIGINT or SIGTERM: exit 130 or 143.
struct InterruptedRun: Error, LocalizedError, ExitStatusProviding {
    var signal: Int32
    /// False when the stop came before the first steady-state round: nothing was reported, written or stored.
    var measuredAnything: Bool

    var errorDescription: String? {
        measuredAnything
            ? "interrupted by \(Interrupt.name(of: signal)): the rounds measured so far were reported and stored (marked interrupted)"
            : "interrupted by \(Interrupt.name(of: signal)) before any measurement: nothing was reported, written or stored"
    }

    var exitStatus: ExitStatus { signal == SIGTERM ? .terminated : .interrupted }
}

/// A one-line status on standard error, redrawn in place; silent when stderr is not a terminal.
struct ProgressLine {
    let enabled: Bool
    private let start = Date()

    init(quiet: Bool) {
        enabled = !quiet && isatty(2) == 1
    }

    func update(_ text: String) {
        // Only long runs get a status line (short ones would just flicker).
        guard enabled, Date().timeIntervalSince(start) > 1 else { return }
        Terminal.errorRaw("\r\u{1B}[K" + TerminalText.escape(String(text.prefix(120))), newline: false)
    }

    func finish() {
        guard enabled else { return }
        Terminal.errorRaw("\r\u{1B}[K", newline: false)
    }
}
