import FileAccess
import Foundation

/// Writes output files without ever destroying data: readers of a regular file see either the old content or the
/// whole new content, and special files stay what they are.
///
/// - A regular file, or a path that does not exist yet: the data goes to a temporary file in the same folder, is
///   flushed (`fsync`), then renamed over the path; a replaced file keeps its permission bits (and its owner,
///   where the process may set it), and a file the process may not write is refused, not replaced.
/// - A symbolic link is written through: its final target is replaced as above, in the target's folder, and the
///   link stays a link.
/// - A character device (`/dev/null`, `/dev/full`, a terminal), a FIFO, or `-` (standard output): written directly,
///   never renamed over — renaming would turn `/dev/null` into a regular file.
/// - A directory, block device or socket: refused.
///
/// Every failure is `EdgeBenchError.cannotWrite` (exit 74) naming the path and the reason.
public enum AtomicFile {
    /// Where the bytes for an output path end up.
    enum Destination {
        /// `-`: this process's standard output.
        case standardOutput
        /// A character device or FIFO, opened and written in place.
        case direct(path: String)
        /// A regular file (or a new one) replaced by rename; `existing` is the replaced file's status, if any.
        case replace(path: String, existing: stat?)
    }

    /// Symbolic links followed before giving up, as the kernel's own limit (`MAXSYMLINKS`).
    static let maxSymlinkHops = 40

    /// Checks, before any work, that `path` can be written: its folder exists and is writable, and it is not a
    /// directory or another kind of file edgebench refuses to write. Call it before loading or measuring anything.
    /// - Throws: `EdgeBenchError.cannotWrite` naming the path and the reason.
    public static func checkWritable(_ path: String) throws {
        if case let .direct(target) = try destination(for: path), access(target, W_OK) != 0 {
            throw EdgeBenchError.cannotWrite(path: path, reason: systemErrorText(errno))
        }
    }

    /// Writes `data` to `path`: atomically for regular files, directly for devices, FIFOs and `-`.
    /// - Throws: `EdgeBenchError.cannotWrite` naming the path and the reason (e.g. "no space left on device").
    public static func write(_ data: Data, to path: String) throws {
        switch try destination(for: path) {
        case .standardOutput:
            try writeAll(data, to: STDOUT_FILENO, path: path)
        case let .direct(target):
            let descriptor = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard descriptor >= 0 else { throw EdgeBenchError.cannotWrite(path: path, reason: systemErrorText(errno)) }
            do {
                try writeAll(data, to: descriptor, path: path)
            } catch {
                close(descriptor)
                throw error
            }
            guard close(descriptor) == 0 else { throw EdgeBenchError.cannotWrite(path: path, reason: systemErrorText(errno)) }
        case let .replace(target, existing):
            try replace(target, with: data, existing: existing, reportedAs: path)
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Resolves `path` (following symbolic links) to what writing it means, refusing what must not be written.
    static func destination(for path: String) throws -> Destination {
        if path == "-" { return .standardOutput }
        guard !path.isEmpty else { throw EdgeBenchError.cannotWrite(path: path, reason: "the path is empty") }
        var current = path
        for _ in 0...maxSymlinkHops {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                let code = errno
                guard code == ENOENT else { throw EdgeBenchError.cannotWrite(path: path, reason: reason(code, at: current, for: path)) }
                try checkFolder(of: current, reportedAs: path)
                return .replace(path: current, existing: nil)
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                    throw EdgeBenchError.cannotWrite(path: path, reason: "the symbolic link \(current) cannot be read")
                }
                current = target.hasPrefix("/") ? target : folder(of: current) + "/" + target
            case S_IFREG:
                // Renaming over a file would succeed even where writing it is not allowed; refuse instead.
                guard access(current, W_OK) == 0 else {
                    throw EdgeBenchError.cannotWrite(path: path, reason: reason(errno, at: current, for: path))
                }
                try checkFolder(of: current, reportedAs: path)
                return .replace(path: current, existing: info)
            case S_IFCHR, S_IFIFO:
                return .direct(path: current)
            case S_IFDIR:
                throw EdgeBenchError.cannotWrite(path: path, reason: current == path ? "it is a directory" : "it leads to the directory \(current)")
            default:
                let kind = SpecialFileKind(mode: info.st_mode).rawValue
                throw EdgeBenchError.cannotWrite(path: path, reason: "it is a \(kind); edgebench writes regular files, character devices and FIFOs only")
            }
        }
        throw EdgeBenchError.cannotWrite(path: path, reason: "too many levels of symbolic links")
    }

    /// The folder a file at `path` lives in ("." for a bare name).
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Throws unless the folder of `file` exists and new files can be created in it (for the temporary file).
    static func checkFolder(of file: String, reportedAs path: String) throws {
        let directory = folder(of: file)
        var info = stat()
        guard stat(directory, &info) == 0 else {
            let code = errno
            throw EdgeBenchError.cannotWrite(path: path, reason: code == ENOENT ? "the folder \(directory) does not exist"
                                                                               : "the folder \(directory): \(systemErrorText(code))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw EdgeBenchError.cannotWrite(path: path, reason: "\(directory) is not a folder")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw EdgeBenchError.cannotWrite(path: path, reason: "cannot create files in the folder \(directory) (\(systemErrorText(errno)))")
        }
    }

    /// The reason for a failed `lstat`, naming a link's target when the failure is there.
    static func reason(_ code: Int32, at current: String, for path: String) -> String {
        let text = code == ENOTDIR ? "a part of the path before the file name is not a folder" : systemErrorText(code)
        return current == path ? text : "\(current) (the target of a symbolic link): \(text)"
    }

    /// Writes `data` to a temporary file next to `target`, flushes it, and renames it over `target`.
    static func replace(_ target: String, with data: Data, existing: stat?, reportedAs path: String) throws {
        let directory = folder(of: target)
        let name = (target as NSString).lastPathComponent
        let temporary = directory + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw EdgeBenchError.cannotWrite(path: path, reason: "cannot create a file in \(directory) (\(systemErrorText(errno)))")
        }
        do {
            defer { close(descriptor) }
            if let existing {
                // Owner first: changing it may clear set-id bits, which fchmod then restores.
                _ = fchown(descriptor, existing.st_uid, existing.st_gid)  // allowed for root only; others keep their own
                if fchmod(descriptor, existing.st_mode & 0o7777) != 0 {
                    throw EdgeBenchError.cannotWrite(path: path, reason: "cannot keep its permissions (\(systemErrorText(errno)))")
                }
            }
            try writeAll(data, to: descriptor, path: path)
            // fsync reports the write errors (ENOSPC, EIO) that close would otherwise swallow.
            guard fsync(descriptor) == 0 else { throw EdgeBenchError.cannotWrite(path: path, reason: systemErrorText(errno)) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let reason = systemErrorText(errno)
            unlink(temporary)
            throw EdgeBenchError.cannotWrite(path: path, reason: reason)
        }
        // Make the rename itself durable; a failure here loses nothing already written.
        let folderDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Writes every byte, retrying short writes and interruptions.
    static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < buffer.count {
                let written = Foundation.write(descriptor, base + done, buffer.count - done)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw EdgeBenchError.cannotWrite(path: path, reason: systemErrorText(errno))
                }
                done += written
            }
        }
    }
}
