// Re-exported: callers of EdgeBench name file kinds (`FileRole`) and catch `FileAccessError` without another import.
@_exported import FileAccess
import Foundation

/// Reads whole input files under their kind's size limit (see ``FileLimits``), with one clear error per failure.
public enum FileReading {
    /// Reads a file as `role`: stat, size and kind checked first, then a bounded read (no memory-mapping).
    /// - Parameters:
    ///   - path: The file.
    ///   - role: What the file is (model, labels, results, raw input): its limit and its name in messages.
    ///   - allowEmpty: Whether a zero-byte file is accepted.
    ///   - checkHeader: Checks the first 8 bytes (a magic number) before the rest is read.
    /// - Throws: ``FileAccessError`` naming the path and the reason (exit 3), or what `checkHeader` throws.
    public static func read(path: String, as role: FileRole, allowEmpty: Bool = false,
                            checkHeader: ([UInt8]) throws -> Void = { _ in }) throws -> Data {
        Data(try BoundedFile.read(path, as: role, allowEmpty: allowEmpty, checkHeader: checkHeader))
    }

    /// Reads a file as ``read(path:as:allowEmpty:checkHeader:)`` does, as bytes: no second copy of a large model.
    public static func readBytes(path: String, as role: FileRole, allowEmpty: Bool = false,
                                 checkHeader: ([UInt8]) throws -> Void = { _ in }) throws -> [UInt8] {
        try BoundedFile.read(path, as: role, allowEmpty: allowEmpty, checkHeader: checkHeader)
    }
}
