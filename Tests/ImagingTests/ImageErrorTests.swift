import FixtureSupport
import Foundation
import Imaging
import Testing

@Suite("Reading files and reporting errors")
struct ImageErrorTests {
    @Test("a zero-byte file is reported as empty")
    func emptyFile() throws {
        let directory = TemporaryDirectory()
        let file = try directory.file("empty.jpg", contents: [])
        #expect(throws: ImageError.empty(path: file.path)) { try ImageDecoder.decode(contentsOf: file) }
    }

    @Test("a directory is reported as such")
    func directory() throws {
        let directory = TemporaryDirectory()
        #expect(throws: ImageError.isDirectory(path: directory.url.path)) {
            try ImageDecoder.decode(contentsOf: directory.url)
        }
    }

    @Test("a missing file is reported as not found")
    func missingFile() throws {
        let directory = TemporaryDirectory()
        let file = directory.url.appendingPathComponent("nope.png")
        #expect(throws: ImageError.notFound(path: file.path)) { try ImageDecoder.decode(contentsOf: file) }
    }

    @Test("an unreadable file is reported as permission denied",
          .enabled(if: getuid() != 0, "root can read any file"))
    func permissionDenied() throws {
        let directory = TemporaryDirectory()
        let file = try directory.file("secret.bmp", contents: [0x42, 0x4D])
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: file.path)
        #expect(throws: ImageError.permissionDenied(path: file.path)) { try ImageDecoder.decode(contentsOf: file) }
    }

    @Test("random bytes are an unsupported format, shown as hex")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var bytes = (0..<Int.random(in: 1...64, using: &generator)).map { _ in UInt8.random(in: 0...255) }
            if ImageFormat.sniff(bytes) != nil { bytes[0] = 0x00 }  // keep it unrecognisable
            #expect(throws: ImageError.unsupportedFormat(path: "r.bin", leadingBytes: ImageError.hexPrefixForTests(bytes))) {
                try ImageDecoder.decode(bytes: bytes, name: "r.bin")
            }
        }
    }

    @Test("a ZIP file's message names the file, its first bytes and the remedy")
    func zipMessage() {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]
        let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(bytes: zip, name: "model.zip") }
        #expect(error == .unsupportedFormat(path: "model.zip", leadingBytes: "50 4B 03 04 14 00"))
        #expect(error?.errorDescription
            == "model.zip is not a JPEG, PNG or BMP image (starts with 50 4B 03 04 14 00); convert it to one of those formats.")
    }

    @Test("every error describes itself in one sentence naming the file")
    func descriptions() {
        let errors: [ImageError] = [
            .notFound(path: "a.jpg"), .isDirectory(path: "a.jpg"), .permissionDenied(path: "a.jpg"),
            .unreadable(path: "a.jpg", reason: "I/O error"), .empty(path: "a.jpg"),
            .unsupportedFormat(path: "a.jpg", leadingBytes: "00"),
            .truncated(path: "a.jpg", format: .jpeg, needed: 10, available: 5),
            .corrupt(path: "a.jpg", format: .png, detail: "IDAT: CRC error"),
            .unsupportedBMP(path: "a.jpg", detail: "RLE8 compression"),
            .unsupportedJPEG(path: "a.jpg", detail: "CMYK colour space"),
            .tooLarge(path: "a.jpg", width: 1, height: 2, maxPixels: 1),
        ]
        for error in errors {
            let text = error.errorDescription ?? ""
            #expect(text.contains("a.jpg") && text.hasSuffix(".") && text.contains(";"), "\(text)")
        }
        #expect(ImageError.truncated(path: "a.jpg", format: .jpeg, needed: 10, available: 5).errorDescription
            == "a.jpg is a truncated JPEG file (needs at least 10 bytes, has 5); re-download or re-export it.")
    }

    @Test("sniffing recognises each format by its magic bytes only")
    func sniffing() {
        #expect(ImageFormat.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ImageFormat.sniff(Array("BM".utf8)) == .bmp)
        #expect(ImageFormat.sniff([0x89, 0x50, 0x4E, 0x47]) == nil)
        #expect(ImageFormat.sniff([UInt8]()) == nil)
        #expect(ImageFormat.sniff(Array("GIF89a".utf8)) == nil)
    }

    @Test("an RGBImage needs a positive size and exactly width × height × 3 bytes")
    func imageInvariants() throws {
        #expect(throws: ImageError.invalidDimensions(width: 2, height: 2, byteCount: 11)) {
            try RGBImage(width: 2, height: 2, pixels: [UInt8](repeating: 0, count: 11))
        }
        #expect(throws: ImageError.invalidDimensions(width: 0, height: 5, byteCount: 0)) {
            try RGBImage(width: 0, height: 5, pixels: [])
        }
        #expect(throws: ImageError.invalidDimensions(width: Int.max, height: 2, byteCount: 0)) {
            try RGBImage(width: Int.max, height: 2, pixels: [])
        }
        #expect(try RGBImage(width: 1, height: 2, pixels: [1, 2, 3, 4, 5, 6]).rgb(0, 1) == [4, 5, 6])
    }
}
