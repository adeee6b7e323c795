import EdgeBench
import FileAccess
import FixtureSupport
import Foundation
import Imaging
import Testing

/// A file of `size` bytes that takes no disk space (a sparse file), optionally starting with `prefix`.
func sparseFile(_ path: String, size: UInt64, prefix: [UInt8] = []) throws {
    _ = FileManager.default.createFile(atPath: path, contents: Data(prefix))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: size)
    try handle.close()
}

@Suite("Input files are checked for kind, size and magic before they are read")
struct FileLimitsTests {
    @Test("a 20 GB sparse model is refused naming its size and the 2 GiB − 1 limit, without reading it")
    func hugeModel() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/big.tflite"
        try sparseFile(path, size: 20 << 30)
        #expect(throws: FileAccessError.tooLarge(path: path, role: .model, size: 20 << 30, limit: FileLimits.maxModelBytes)) {
            try ModelFile(path: path)
        }
        let message = FileAccessError.tooLarge(path: path, role: .model, size: 20 << 30, limit: FileLimits.maxModelBytes).localizedDescription
        #expect(message.contains("20.0 GiB") && message.contains("2147483647 bytes") && message.contains("FlatBuffers"), "\(message)")
    }

    @Test("images, labels and raw input each have their own limit")
    func otherLimits() throws {
        let directory = TemporaryDirectory()
        let image = directory.path + "/big.bmp", labels = directory.path + "/labels.txt"
        try sparseFile(image, size: UInt64(FileLimits.maxImageBytes) + 1, prefix: Array("BM".utf8))
        try sparseFile(labels, size: UInt64(FileLimits.maxLabelsBytes) + 1)
        #expect(throws: FileAccessError.tooLarge(path: image, role: .image, size: FileLimits.maxImageBytes + 1, limit: FileLimits.maxImageBytes)) {
            try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: image))
        }
        #expect(throws: FileAccessError.tooLarge(path: labels, role: .labels, size: FileLimits.maxLabelsBytes + 1, limit: FileLimits.maxLabelsBytes)) {
            try Labels(contentsOf: labels)
        }
    }

    @Test("a file at exactly the limit is read")
    func atTheLimit() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/labels.txt"
        let role = FileRole(noun: "labels file", maxBytes: 10, limitReason: "a test limit")
        try Data("0  a\n1  b\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try BoundedFile.read(path, as: role).count == 10)
        try Data("0  a\n1  bc\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: FileAccessError.tooLarge(path: path, role: role, size: 11, limit: 10)) { try BoundedFile.read(path, as: role) }
    }

    @Test("a model whose bytes 4..<8 are not TFL3 is refused from its header")
    func wrongMagic() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/archive.tflite"
        try sparseFile(path, size: 1 << 30, prefix: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00])
        #expect {
            try ModelFile(path: path)
        } throws: { error in
            (error as? ModelFileError)?.underlying == .badIdentifier(found: "????", expected: "TFL3")
        }
    }

    @Test("a FIFO is refused as not a regular file, without waiting for a writer")
    func fifo() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/model.tflite"
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: FileAccessError.notRegularFile(path: path, kind: .fifo)) { try ModelFile(path: path) }
        #expect(throws: FileAccessError.notRegularFile(path: path, kind: .fifo)) { try Labels(contentsOf: path) }
        #expect(throws: FileAccessError.notRegularFile(path: path, kind: .fifo)) {
            try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: path))
        }
        #expect(FileAccessError.notRegularFile(path: path, kind: .fifo).localizedDescription.contains("is not a regular file (it is a FIFO"))
    }

    @Test("a character device is refused as not a regular file", .enabled(if: getuid() == 0, "mknod needs root"))
    func characterDevice() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/zero"
        #expect(mknod(path, S_IFCHR | 0o666, makedev(1, 5)) == 0)  // /dev/zero's numbers: reading it would never end
        #expect(throws: FileAccessError.notRegularFile(path: path, kind: .characterDevice)) { try ModelFile(path: path) }
    }

    @Test("a symbolic-link loop and a dangling link say so, not 'no such file'")
    func links() throws {
        let directory = TemporaryDirectory()
        let loop = directory.path + "/loop.tflite", dangling = directory.path + "/dangling.tflite"
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: directory.path + "/gone.tflite")
        #expect(throws: FileAccessError.symlinkLoop(path: loop)) { try ModelFile(path: loop) }
        #expect(FileAccessError.symlinkLoop(path: loop).localizedDescription.contains("too many levels of symbolic links"))
        #expect(throws: FileAccessError.danglingSymlink(path: dangling, target: directory.path + "/gone.tflite")) { try ModelFile(path: dangling) }
        #expect(throws: FileAccessError.notFound(path: directory.path + "/none.tflite")) { try ModelFile(path: directory.path + "/none.tflite") }
    }

    @Test("a real model, image and labels file still read", .enabled(if: Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
    func realFiles() throws {
        let model = try ModelFile(path: Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"))
        #expect(model.bytes.count == (try FileManager.default.attributesOfItem(atPath: model.path)[.size] as? Int))
        #expect(try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: Fixtures.image("parrot.jpg"))).width > 0)
        #expect(try Labels(contentsOf: Fixtures.labels("imagenet_labels.txt")).count > 1000)
    }
}
