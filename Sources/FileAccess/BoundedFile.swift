import Foundation

/// Reads an input file whole into memory under its kind's size limit, with one clear error per failure.
///
/// The order is what keeps a wrong path cheap: `stat` first (a directory, FIFO, device or socket is refused
/// without opening it, so a FIFO never blocks), then the size against the limit (a 20 GB sparse file is refused
/// in microseconds), then the leading bytes against the format's magic, and only then the rest — never more
/// than the limit, even if the file grows while it is read. No memory-mapping: the bytes returned are the
/// bytes checked, whatever happens to the file afterwards.
public enum BoundedFile {
    /// How many leading bytes `checkHeader` receives (fewer when the file is shorter).
    public static let headerLength = 8

    /// Reads the file at `path` as a `role`.
    /// - Parameters:
    ///   - path: The file; symbolic links are followed.
    ///   - role: The kind of file, which sets the size limit and names it in messages.
    ///   - allowEmpty: Whether a zero-byte file is accepted.
    ///   - checkHeader: Called with the first ``headerLength`` bytes before the rest is read; throw to refuse
    ///     the file (e.g. a wrong magic number) without reading it.
    /// - Returns: The file's bytes.
    /// - Throws: ``FileAccessError`` for file-system failures and limits, or what `checkHeader` throws.
    public static func read(_ path: String, as role: FileRole, allowEmpty: Bool = false,
                            checkHeader: ([UInt8]) throws -> Void = { _ in }) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure(errno, path: path) }
        try checkKind(info, path: path, role: role)
        // O_NONBLOCK: should the path become a FIFO between stat and open, open must not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw failure(errno, path: path) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { throw failure(errno, path: path) }
        try checkKind(info, path: path, role: role)
        let size = Int(info.st_size)
        if size == 0 && !allowEmpty { throw FileAccessError.empty(path: path) }

        var bytes = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            let header = min(headerLength, size)
            count = try fill(descriptor, base, upTo: header, path: path)
            // A shorter header (a tiny file, or one that shrank) is checked once, below, with what there is.
            if count < headerLength { return }
            try checkHeader(Array(UnsafeBufferPointer(start: base, count: header)))
            count += try fill(descriptor, base + count, upTo: size - count, path: path)
        }
        if bytes.count < headerLength { try checkHeader(bytes) }
        // A file that grew since fstat: keep reading, but never past the limit.
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let wanted = min(chunk.count, role.maxBytes + 1 - bytes.count)
            let got = try chunk.withUnsafeMutableBufferPointer { try fill(descriptor, $0.baseAddress!, upTo: wanted, path: path) }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
            if bytes.count > role.maxBytes {
                throw FileAccessError.tooLarge(path: path, role: role, size: bytes.count, limit: role.maxBytes)
            }
        }
        if bytes.isEmpty && !allowEmpty { throw FileAccessError.empty(path: path) }
        return bytes
    }

    /// Refuses anything but a regular file within the role's limit.
    static func checkKind(_ info: stat, path: String, role: FileRole) throws {
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileAccessError.isDirectory(path: path)
        default: throw FileAccessError.notRegularFile(path: path, kind: SpecialFileKind(mode: info.st_mode))
        }
        let size = Int(info.st_size)
        if size > role.maxBytes { throw FileAccessError.tooLarge(path: path, role: role, size: size, limit: role.maxBytes) }
    }

    /// Reads until `count` bytes arrived or the file ended; returns how many arrived.
    static func fill(_ descriptor: Int32, _ destination: UnsafeMutablePointer<UInt8>, upTo count: Int, path: String) throws -> Int {
        var done = 0
        while done < count {
            let got = Foundation.read(descriptor, destination + done, count - done)
            if got < 0 {
                if errno == EINTR { continue }
                throw FileAccessError.readFailed(path: path, reason: systemErrorText(errno))
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// The error for a failed `stat` or `open`, telling a link loop, a dangling link and a permission problem apart.
    static func failure(_ code: Int32, path: String) -> FileAccessError {
        switch code {
        case ENOENT:
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK,
               let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                return .danglingSymlink(path: path, target: target)
            }
            return .notFound(path: path)
        case ELOOP: return .symlinkLoop(path: path)
        case EACCES, EPERM: return .permissionDenied(path: path)
        case ENOTDIR: return .readFailed(path: path, reason: "a part of the path before the file name is not a folder")
        default: return .readFailed(path: path, reason: systemErrorText(code))
        }
    }
}
