import FileAccess
import Foundation

// Reading from a file lives apart from the parser so that the parser builds alone (the fuzz package
// links Labels.swift by itself).
extension Labels {
    /// Reads and parses a labels file.
    /// - Throws: `FileAccessError` (missing, not a regular file, over `FileLimits.maxLabelsBytes`), `EdgeBenchError.unreadableFile` or `.emptyLabels`.
    public init(contentsOf path: String) throws {
        let data = try FileReading.read(path: path, as: .labels)
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw EdgeBenchError.unreadableFile(path: path, reason: "it is not text")
        }
        self.init(parsing: text)
        if byIndex.values.allSatisfy(\.isEmpty) { throw EdgeBenchError.emptyLabels(path: path) }
    }

}
