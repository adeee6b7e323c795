import Dispatch
import Foundation
import ModelFormat
import Synchronization

/// Turns Ctrl-C into a request to stop measuring: the current round finishes, what was measured is
/// reported, and nothing half-written is left (outputs are written atomically after measuring).
enum Interrupt {
    private static let requested = Atomic<Bool>(false)
    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    static var isRequested: Bool { requested.load(ordering: .relaxed) }

    static func install() {
        signal(SIGINT, SIG_IGN)
        let signalSource = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signalSource.setEventHandler {
            if requested.load(ordering: .relaxed) {
                Terminal.notice("interrupted twice; exiting without results")
                exit(130)
            }
            requested.store(true, ordering: .relaxed)
            Terminal.errorRaw("\nedgebench: interrupted: finishing this round, then reporting what was measured (Ctrl-C again to quit)")
        }
        signalSource.resume()
        source = signalSource
    }
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
