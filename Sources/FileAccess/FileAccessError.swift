import Foundation

/// The kind of a file-system object that is not a regular file, as `stat` reports it.
public enum SpecialFileKind: String, Sendable, Hashable {
    case fifo = "FIFO"
    case characterDevice = "character device"
    case blockDevice = "block device"
    case socket = "socket"
    case unknown = "special file"

    /// The kind for a `st_mode` that is neither a regular file nor a directory.
    public init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: self = .unknown
        }
    }
}

/// Why an input file could not be read; each case names the file and carries the evidence.
public enum FileAccessError: Error, Equatable, LocalizedError {
    /// Nothing exists at `path`.
    case notFound(path: String)
    /// `path` is a symbolic link whose target does not exist.
    case danglingSymlink(path: String, target: String)
    /// Resolving `path` met a symbolic-link loop (`ELOOP`).
    case symlinkLoop(path: String)
    /// `path` names a directory.
    case isDirectory(path: String)
    /// `path` is a FIFO, device or socket: it has no size to check and may block or never end.
    case notRegularFile(path: String, kind: SpecialFileKind)
    /// The process may not read `path` (or search a folder on the way to it).
    case permissionDenied(path: String)
    /// The file is larger than its kind's limit; nothing (or nothing past the limit) was read.
    case tooLarge(path: String, role: FileRole, size: Int, limit: Int)
    /// The file has zero bytes.
    case empty(path: String)
    /// Any other failure of `stat`, `open` or `read`, with the system's reason.
    case readFailed(path: String, reason: String)

    public var path: String {
        switch self {
        case let .notFound(path), let .danglingSymlink(path, _), let .symlinkLoop(path), let .isDirectory(path),
             let .notRegularFile(path, _), let .permissionDenied(path), let .tooLarge(path, _, _, _), let .empty(path),
             let .readFailed(path, _):
            return path
        }
    }

    public var errorDescription: String? {
        switch self {
        case let .notFound(path):
            return "Cannot read \(path): no such file; check the path."
        case let .danglingSymlink(path, target):
            return "Cannot read \(path): it is a symbolic link to \(target), which does not exist."
        case let .symlinkLoop(path):
            return "Cannot read \(path): too many levels of symbolic links (a link loop); point the link at a file."
        case let .isDirectory(path):
            return "Cannot read \(path): it is a directory, not a file."
        case let .notRegularFile(path, kind):
            return "Cannot read \(path): it is not a regular file (it is a \(kind.rawValue)); give the path of a file."
        case let .permissionDenied(path):
            return "Cannot read \(path): permission denied; check the permissions of the file and its folders."
        case let .tooLarge(path, role, size, limit):
            return "Cannot read the \(role.noun) \(path): it is \(ByteCountText.describe(size)), more than the limit of \(ByteCountText.describe(limit)) (\(role.limitReason))."
        case let .empty(path):
            return "Cannot read \(path): the file is empty."
        case let .readFailed(path, reason):
            return "Cannot read \(path): \(reason)."
        }
    }
}

/// The system's text for an `errno`, starting lower-case to sit inside a sentence ("no space left on device").
public func systemErrorText(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    guard let first = text.first else { return "error \(code)" }
    return first.lowercased() + text.dropFirst()
}
