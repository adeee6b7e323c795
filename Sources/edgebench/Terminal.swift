import Foundation
import ModelFormat

/// Writes to standard error.
enum Terminal {
    // Messages quote paths, names and runtime logs: their control characters are escaped, the layout kept.
    static func error(_ message: String) {
        errorRaw("edgebench: error: " + TerminalText.escape(message, keepingLineBreaks: true))
    }

    static func notice(_ message: String) {
        errorRaw("edgebench: " + TerminalText.escape(message, keepingLineBreaks: true))
    }

    /// Writes `message` as it is: for the caller's own control sequences (the progress line); escape what it quotes.
    static func errorRaw(_ message: String, newline: Bool = true) {
        let text = newline && !message.hasSuffix("\n") ? message + "\n" : message
        FileHandle.standardError.write(Data(text.utf8))
    }
}
