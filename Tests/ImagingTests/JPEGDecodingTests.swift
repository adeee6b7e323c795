import FixtureSupport
import Foundation
import Imaging
import Testing

/// Tests on fixtures are skipped when the fixtures are absent; their expectations were recorded with
/// Pillow 13.0 (`Image.open(f).convert("RGB")`, libjpeg-turbo 3.2).
@Suite("Decoding JPEG")
struct JPEGDecodingTests {
    @Test("parrot.jpg decodes to the same pixels as Pillow", .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func parrotMatchesPillow() throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.imageURL("parrot.jpg"))
        #expect(image.width == 512 && image.height == 929)
        #expect(image.rgb(0, 0) == [179, 156, 125])
        #expect(image.rgb(100, 200) == [124, 117, 124])
        #expect(image.rgb(511, 928) == [74, 72, 86])
        #expect(fnv1a(image.pixels) == 0x7b78_7b1a_9821_a81c)
    }

    @Test("cat_720p.jpg decodes to the same pixels as Pillow", .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func cat720pMatchesPillow() throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.imageURL("cat_720p.jpg"))
        #expect(image.width == 1280 && image.height == 720)
        #expect(image.rgb(0, 0) == [239, 134, 86])
        #expect(image.rgb(100, 200) == [213, 112, 68])
        #expect(image.rgb(1279, 719) == [165, 102, 59])
        #expect(fnv1a(image.pixels) == 0x0bf2_03a9_3d0f_58dc)
    }

    @Test("the format is found from the bytes, not the file name", .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func formatBySniffing() throws {
        let bytes = try Fixtures.imageBytes("parrot.jpg")
        #expect(ImageFormat.sniff(bytes) == .jpeg)
        let image = try ImageDecoder.decode(bytes: bytes, name: "parrot.png")
        #expect(image.width == 512)
    }

    @Test("a JPEG cut anywhere is reported as truncated, never decoded or crashed on", .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func truncatedAtManyLengths() throws {
        let bytes = try Fixtures.imageBytes("parrot.jpg")
        let lengths = Array(1..<2_048) + Array(stride(from: 2_048, to: bytes.count, by: bytes.count / 37))
            + [bytes.count - 2, bytes.count - 1]
        for length in lengths {
            let prefix = Array(bytes.prefix(length))
            let error = #expect(throws: ImageError.self) {
                try ImageDecoder.decode(bytes: prefix, name: "cut.jpg")
            }
            if length < 3 {
                #expect(error == .unsupportedFormat(path: "cut.jpg", leadingBytes: ImageError.hexPrefixForTests(prefix)))
            } else if case .truncated(let path, let format, let needed, let available) = error {
                #expect(path == "cut.jpg" && format == .jpeg && available == length && needed > length,
                        "length \(length)")
            } else {
                Issue.record("length \(length): expected truncated, got \(String(describing: error))")
            }
        }
    }

    @Test("a JPEG missing only its EOI marker needs exactly those 2 bytes", .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func missingEndOfImage() throws {
        let bytes = try Fixtures.imageBytes("parrot.jpg")
        #expect(bytes.suffix(2) == [0xFF, 0xD9])
        #expect(throws: ImageError.truncated(path: "p.jpg", format: .jpeg, needed: bytes.count, available: bytes.count - 2)) {
            try ImageDecoder.decode(bytes: Array(bytes.dropLast(2)), name: "p.jpg")
        }
    }

    @Test("a header segment with an impossible length is corrupt")
    func segmentLengthBelowTwo() {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xD9]
        #expect(throws: ImageError.corrupt(path: "x.jpg", format: .jpeg,
                                           detail: "marker 0xFFE0 at byte 2 has length 1")) {
            try ImageDecoder.decode(bytes: bytes, name: "x.jpg")
        }
    }

    @Test("a complete but meaningless JPEG is corrupt, with TurboJPEG's explanation")
    func structurallyCompleteButInvalid() {
        let error = #expect(throws: ImageError.self) {
            try ImageDecoder.decode(bytes: [0xFF, 0xD8, 0xFF, 0xD9], name: "x.jpg")
        }
        guard case .corrupt(let path, let format, let detail) = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(path == "x.jpg" && format == .jpeg && !detail.isEmpty)
    }

    @Test("a JPEG larger than the pixel limit is rejected before decoding", .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func tooLarge() throws {
        let bytes = try Fixtures.imageBytes("cat_720p.jpg")
        #expect(throws: ImageError.tooLarge(path: "c.jpg", width: 1280, height: 720, maxPixels: 921_599)) {
            try ImageDecoder.decode(bytes: bytes, name: "c.jpg", limits: ImageLimits(maxPixels: 921_599))
        }
    }
}

/// Damaged headers must end in an image or an ``ImageError``, never a crash.
@Suite("Damaged headers")
struct DamagedHeaderTests {
    /// Decodes `bytes` with each of `positions` inverted in turn; throws only ``ImageError``.
    static func flipEach(_ bytes: [UInt8], positions: Range<Int>, name: String) {
        for position in positions {
            var damaged = bytes
            damaged[position] ^= 0xFF
            do {
                _ = try ImageDecoder.decode(bytes: damaged, name: name, limits: ImageLimits(maxPixels: 4_000_000))
            } catch is ImageError {
            } catch {
                Issue.record("byte \(position): unexpected error \(error)")
            }
        }
    }

    @Test("inverting any byte of a small BMP")
    func bmp() {
        let bmp = BMPFile.make(width: 5, height: 3, rgb: patternPixels(width: 5, height: 3), bitsPerPixel: 32,
                               headerSize: 124, bitFields: true)
        Self.flipEach(bmp, positions: 0..<bmp.count, name: "f.bmp")
    }

    @Test("inverting any byte of a small PNG")
    func png() {
        let png = PNGFile.make(width: 5, height: 3, colorType: .rgb, samples: patternPixels(width: 5, height: 3))
        Self.flipEach(png, positions: 0..<png.count, name: "f.png")
    }

    @Test("inverting any of the first 160 bytes of a JPEG", .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func jpeg() throws {
        Self.flipEach(try Fixtures.imageBytes("parrot.jpg"), positions: 0..<160, name: "f.jpg")
    }
}

extension ImageError {
    /// The hex rendering used in `unsupportedFormat`, re-derived independently for expectations.
    static func hexPrefixForTests(_ bytes: [UInt8]) -> String {
        bytes.prefix(8).map { String(format: "%02X", $0) }.joined(separator: " ")
    }
}
