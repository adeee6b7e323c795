import Foundation

/// Writes to standard error.
enum Terminal {
    static func error(_ message: String) {
        errorRaw("edgebench: error: " + message)
    }

    static func notice(_ message: String) {
        errorRaw("edgebench: " + message)
    }

    static func errorRaw(_ message: String) {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }
}
