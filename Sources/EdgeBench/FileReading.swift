import Foundation

/// Reads whole files with one clear error per failure (missing, directory, unreadable, empty).
public enum FileReading {
    /// Reads a file.
    /// - Throws: `EdgeBenchError.unreadableFile` naming the path and the reason.
    public static func read(path: String, allowEmpty: Bool = false) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EdgeBenchError.unreadableFile(path: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw EdgeBenchError.unreadableFile(path: path, reason: "it is a directory, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw EdgeBenchError.unreadableFile(path: path, reason: "permission denied")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw EdgeBenchError.unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        if data.isEmpty && !allowEmpty { throw EdgeBenchError.unreadableFile(path: path, reason: "the file is empty") }
        return data
    }
}
