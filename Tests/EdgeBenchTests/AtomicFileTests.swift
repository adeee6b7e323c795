import EdgeBench
import FixtureSupport
import Foundation
import Testing

private func fileType(_ path: String) -> mode_t {
    var info = stat()
    guard lstat(path, &info) == 0 else { return 0 }
    return info.st_mode & S_IFMT
}

private func permissions(_ path: String) -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return info.st_mode & 0o7777
}

private func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

@Suite("Output files never destroy data: atomic for regular files, direct for devices, through symlinks")
struct AtomicFileTests {
    @Test("a new file is written whole and no temporary file is left")
    func newFile() throws {
        let directory = TemporaryDirectory()
        try AtomicFile.write("hello\n", to: directory.path + "/out.txt")
        #expect(contents(directory.path + "/out.txt") == "hello\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.txt"])
    }

    @Test("a replaced file keeps its permission bits")
    func keepsMode() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/out.json"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, 0o640) == 0)
        try AtomicFile.write("new", to: path)
        #expect(contents(path) == "new")
        #expect(permissions(path) == 0o640)
    }

    @Test("a file the process may not write is refused, not replaced", .enabled(if: getuid() != 0, "root may write any file"))
    func readOnly() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/locked.json"
        try "keep".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, 0o444) == 0)
        #expect(throws: EdgeBenchError.cannotWrite(path: path, reason: "permission denied")) { try AtomicFile.write("new", to: path) }
        #expect(contents(path) == "keep")
    }

    @Test("root replacing someone else's file keeps its owner", .enabled(if: getuid() == 0, "chown needs root"))
    func keepsOwner() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/theirs.json"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chown(path, 12345, 12345) == 0)
        try AtomicFile.write("new", to: path)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_uid == 12345 && info.st_gid == 12345)
        #expect(contents(path) == "new")
    }

    @Test("a symbolic link is written through: the link stays, its target gets the data")
    func symlink() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/real", withIntermediateDirectories: true)
        let target = directory.path + "/real/result.json", link = directory.path + "/link.json"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        #expect(chmod(target, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/result.json")
        try AtomicFile.write("new", to: link)
        #expect(fileType(link) == S_IFLNK)
        #expect(contents(target) == "new")
        #expect(permissions(target) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/real") == ["result.json"])
    }

    @Test("a link to a file that does not exist yet creates the target")
    func danglingLink() throws {
        let directory = TemporaryDirectory()
        let link = directory.path + "/link.json"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory.path + "/later.json")
        try AtomicFile.write("made", to: link)
        #expect(fileType(link) == S_IFLNK)
        #expect(contents(directory.path + "/later.json") == "made")
    }

    @Test("a stand-in /dev/null stays a character device", .enabled(if: getuid() == 0, "mknod needs root"))
    func devNull() throws {
        let directory = TemporaryDirectory()
        let null = directory.path + "/null"
        #expect(mknod(null, S_IFCHR | 0o666, makedev(1, 3)) == 0)
        try AtomicFile.checkWritable(null)
        try AtomicFile.write("discarded", to: null)
        #expect(fileType(null) == S_IFCHR)
    }

    @Test("a stand-in /dev/full fails with 'no space left on device' and exit 74", .enabled(if: getuid() == 0, "mknod needs root"))
    func devFull() throws {
        let directory = TemporaryDirectory()
        let full = directory.path + "/full"
        #expect(mknod(full, S_IFCHR | 0o666, makedev(1, 7)) == 0)
        #expect(throws: EdgeBenchError.cannotWrite(path: full, reason: "no space left on device")) { try AtomicFile.write("x", to: full) }
        #expect(fileType(full) == S_IFCHR)
        #expect(EdgeBenchError.cannotWrite(path: full, reason: "").exitStatus == .cannotWrite)
    }

    @Test("a FIFO is written directly to its reader")
    func fifo() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/pipe"
        #expect(mkfifo(path, 0o600) == 0)
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try AtomicFile.write("through the pipe", to: path)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "through the pipe")
        #expect(fileType(path) == S_IFIFO)
    }

    @Test("a directory, a missing folder and a link loop are refused before anything is written")
    func refused() throws {
        let directory = TemporaryDirectory()
        #expect(throws: EdgeBenchError.cannotWrite(path: directory.path, reason: "it is a directory")) {
            try AtomicFile.checkWritable(directory.path)
        }
        #expect(throws: EdgeBenchError.cannotWrite(path: "/missing/x.json", reason: "the folder /missing does not exist")) {
            try AtomicFile.checkWritable("/missing/x.json")
        }
        let loop = directory.path + "/loop.json"
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        #expect(throws: EdgeBenchError.cannotWrite(path: loop, reason: "too many levels of symbolic links")) {
            try AtomicFile.write("x", to: loop)
        }
        try AtomicFile.checkWritable(directory.path + "/new.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["loop.json"])
    }
}
