import Foundation
import ModelFormat

/// Writes to standard error.
enum Terminal {
    static func error(_ message: String) {
        errorRaw("edgebench: error: " + message)
    }

    static func notice(_ message: String) {
        errorRaw("edgebench: " + message)
    }

    static func errorRaw(_ message: String, newline: Bool = true) {
        // Messages quote paths, names and runtime logs: escape their control characters, keep the layout.
        let message = TerminalText.escape(message, keepingLineBreaks: true)
        let text = newline && !message.hasSuffix("\n") ? message + "\n" : message
        FileHandle.standardError.write(Data(text.utf8))
    }
}
