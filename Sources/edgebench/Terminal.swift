import Foundation

/// Writes to standard error.
enum Terminal {
    static func error(_ message: String) {
        errorRaw("edgebench: error: " + message)
    }

    static func notice(_ message: String) {
        errorRaw("edgebench: " + message)
    }

    static func errorRaw(_ message: String, newline: Bool = true) {
        let text = newline && !message.hasSuffix("\n") ? message + "\n" : message
        FileHandle.standardError.write(Data(text.utf8))
    }
}
