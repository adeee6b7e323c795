import FixtureSupport
import Imaging
import Testing

@Suite("Decoding BMP")
struct BMPDecodingTests {
    /// Fixture checksums recorded with Pillow 13.0 (`Image.open(f).convert("RGB").tobytes()`, FNV-1a 64).
    @Test("the fixture BMPs (V5 headers, 24-bit, bottom-up) decode to the same pixels as Pillow",
          .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote),
          arguments: [
              ("bird.bmp", 512, 343, 0x73b2_f661_9750_f944 as UInt64),
              ("cat.bmp", 512, 341, 0xd2c8_8116_f022_99d1),
              ("grace_hopper.bmp", 512, 600, 0x6fcb_0e25_54cf_bdcb),
              ("sunflower.bmp", 512, 340, 0x8d41_b430_ba97_e95a),
          ])
    func fixtureMatchesPillow(name: String, width: Int, height: Int, checksum: UInt64) throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.imageURL(name))
        #expect(image.width == width && image.height == height)
        #expect(fnv1a(image.pixels) == checksum)
    }

    @Test("grace_hopper.bmp has Pillow's pixel values at known points",
          .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func graceHopperPixels() throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.imageURL("grace_hopper.bmp"))
        #expect(image.rgb(0, 0) == [21, 26, 82])
        #expect(image.rgb(100, 200) == [157, 125, 100])
        #expect(image.rgb(511, 599) == [13, 12, 18])
    }

    /// 5 × 3 has 15-byte rows at 24 bits, so every row carries one padding byte.
    static let width = 5, height = 3
    static let rgb = patternPixels(width: width, height: height)

    @Test("a bottom-up and a top-down 24-bit BMP give the same, correct pixels")
    func bottomUpEqualsTopDown() throws {
        let bottomUp = try ImageDecoder.decode(
            bytes: BMPFile.make(width: Self.width, height: Self.height, rgb: Self.rgb), name: "up.bmp")
        let topDown = try ImageDecoder.decode(
            bytes: BMPFile.make(width: Self.width, height: Self.height, rgb: Self.rgb, topDown: true), name: "down.bmp")
        #expect(bottomUp == topDown)
        #expect(bottomUp.pixels == Self.rgb)
    }

    @Test("32-bit BMPs (BI_RGB, BI_BITFIELDS) and V4/V5 headers decode alike",
          arguments: [(32, 40, false), (32, 40, true), (32, 108, true), (32, 124, true), (24, 108, false), (24, 124, false)])
    func variants(bitsPerPixel: Int, headerSize: Int, bitFields: Bool) throws {
        let bmp = BMPFile.make(width: Self.width, height: Self.height, rgb: Self.rgb, bitsPerPixel: bitsPerPixel,
                               topDown: true, headerSize: headerSize, bitFields: bitFields)
        let image = try ImageDecoder.decode(bytes: bmp, name: "v.bmp")
        #expect(image.pixels == Self.rgb)
    }

    @Test("an 8-bit paletted BMP is expanded through its palette; undefined indices are black")
    func paletted() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let bmp = BMPFile.makePaletted(width: 3, height: 2, indices: [0, 1, 2, 2, 1, 7], palette: palette)
        let image = try ImageDecoder.decode(bytes: bmp, name: "p.bmp")
        #expect(image.pixels == [255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 255, 0, 0, 0, 0])
    }

    @Test("a BMP cut at every length is reported as truncated")
    func truncatedAtEveryLength() throws {
        let bmp = BMPFile.make(width: Self.width, height: Self.height, rgb: Self.rgb)
        // The last row's padding byte is optional.
        for length in 2..<(bmp.count - 1) {
            let error = #expect(throws: ImageError.self) {
                try ImageDecoder.decode(bytes: Array(bmp.prefix(length)), name: "cut.bmp")
            }
            guard case .truncated(let path, let format, let needed, let available) = error else {
                Issue.record("length \(length): expected truncated, got \(String(describing: error))")
                continue
            }
            #expect(path == "cut.bmp" && format == .bmp && available == length && needed > length, "length \(length)")
        }
        #expect(throws: ImageError.truncated(path: "cut.bmp", format: .bmp, needed: 14, available: 2)) {
            try ImageDecoder.decode(bytes: Array(bmp.prefix(2)), name: "cut.bmp")
        }
        #expect(throws: Never.self) { try ImageDecoder.decode(bytes: Array(bmp.dropLast()), name: "cut.bmp") }
    }

    @Test("a BMP declaring an absurd width is rejected before any allocation")
    func absurdWidth() {
        let bmp = BMPFile.assemble(width: 2_000_000_000, height: 1_000, bitsPerPixel: 24, compression: 0,
                                   headerSize: 40, masks: [], palette: [], pixelData: [1, 2, 3, 0])
        #expect(throws: ImageError.tooLarge(path: "wide.bmp", width: 2_000_000_000, height: 1_000,
                                            maxPixels: 100_000_000)) {
            try ImageDecoder.decode(bytes: bmp, name: "wide.bmp")
        }
    }

    @Test("a BMP with zero or negative width is corrupt")
    func nonPositiveWidth() {
        let bmp = BMPFile.assemble(width: -4, height: 1, bitsPerPixel: 24, compression: 0,
                                   headerSize: 40, masks: [], palette: [], pixelData: [])
        #expect(throws: ImageError.corrupt(path: "w.bmp", format: .bmp, detail: "image size -4×1")) {
            try ImageDecoder.decode(bytes: bmp, name: "w.bmp")
        }
    }

    @Test("BMP variants we do not read are named in the error",
          arguments: [
              (UInt32(1), 8, 40, "RLE8 compression"),
              (UInt32(2), 4, 40, "RLE4 compression"),
              (UInt32(0), 16, 40, "16 bits per pixel"),
              (UInt32(0), 24, 12, "OS/2 bitmap header of 12 bytes"),
          ])
    func unsupported(compression: UInt32, bitsPerPixel: Int, headerSize: Int, detail: String) {
        var bmp = BMPFile.assemble(width: 4, height: 4, bitsPerPixel: bitsPerPixel, compression: compression,
                                   headerSize: 40, masks: [], palette: [], pixelData: [UInt8](repeating: 0, count: 64))
        bmp.replaceSubrange(14..<18, with: BMPFile.littleEndian(UInt32(headerSize)))
        #expect(throws: ImageError.unsupportedBMP(path: "u.bmp", detail: detail)) {
            try ImageDecoder.decode(bytes: bmp, name: "u.bmp")
        }
    }

    @Test("32-bit colour masks that are not whole bytes are unsupported")
    func oddMasks() {
        let bmp = BMPFile.assemble(width: 1, height: 1, bitsPerPixel: 32, compression: 3, headerSize: 40,
                                   masks: [0x7C00, 0x03E0, 0x001F], palette: [], pixelData: [0, 0, 0, 0])
        #expect(throws: ImageError.unsupportedBMP(path: "m.bmp", detail: "32-bit colour masks 0x7C00, 0x3E0, 0x1F")) {
            try ImageDecoder.decode(bytes: bmp, name: "m.bmp")
        }
    }
}
