import Imaging
import Testing

/// PNG data is built in the tests (stored deflate blocks, real CRCs); there is no PNG fixture.
@Suite("Decoding PNG")
struct PNGDecodingTests {
    @Test("an 8-bit RGB PNG decodes to exactly its samples")
    func rgb() throws {
        let samples = patternPixels(width: 7, height: 5)
        let png = PNGFile.make(width: 7, height: 5, colorType: .rgb, samples: samples)
        #expect(ImageFormat.sniff(png) == .png)
        let image = try ImageDecoder.decode(bytes: png, name: "rgb.png")
        #expect(image == (try RGBImage(width: 7, height: 5, pixels: samples)))
    }

    @Test("a grayscale PNG becomes RGB with equal channels")
    func grayscaleToRGB() throws {
        let gray: [UInt8] = [0, 1, 127, 128, 254, 255]
        let image = try ImageDecoder.decode(bytes: PNGFile.make(width: 3, height: 2, colorType: .gray, samples: gray),
                                            name: "gray.png")
        #expect(image.width == 3 && image.height == 2)
        #expect(image.pixels == gray.flatMap { [$0, $0, $0] })
    }

    @Test("a grayscale+alpha PNG becomes RGB; alpha is dropped, not composited")
    func grayAlphaDropsAlpha() throws {
        let samples: [UInt8] = [10, 255, 200, 0, 77, 128]
        let image = try ImageDecoder.decode(bytes: PNGFile.make(width: 3, height: 1, colorType: .grayAlpha,
                                                                samples: samples), name: "ga.png")
        #expect(image.pixels == [10, 10, 10, 200, 200, 200, 77, 77, 77])
    }

    @Test("an RGBA PNG keeps the colour of fully transparent pixels")
    func rgbaDropsAlpha() throws {
        let samples: [UInt8] = [255, 0, 0, 255, 0, 255, 0, 0, 12, 34, 56, 100, 1, 2, 3, 0]
        let image = try ImageDecoder.decode(bytes: PNGFile.make(width: 2, height: 2, colorType: .rgba,
                                                                samples: samples), name: "rgba.png")
        #expect(image.pixels == [255, 0, 0, 0, 255, 0, 12, 34, 56, 1, 2, 3])
    }

    @Test("a paletted PNG is expanded through its palette")
    func palette() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 128, 255, 9, 9, 9]
        let image = try ImageDecoder.decode(bytes: PNGFile.make(width: 4, height: 1, colorType: .palette,
                                                                samples: [2, 0, 1, 2], palette: palette),
                                            name: "p.png")
        #expect(image.pixels == [9, 9, 9, 255, 0, 0, 0, 128, 255, 9, 9, 9])
    }

    @Test("a larger PNG spanning several deflate blocks decodes")
    func multipleStoredBlocks() throws {
        let samples = patternPixels(width: 300, height: 100)  // 90,100 bytes of samples
        let image = try ImageDecoder.decode(bytes: PNGFile.make(width: 300, height: 100, colorType: .rgb,
                                                                samples: samples), name: "big.png")
        #expect(image.pixels == samples)
    }

    @Test("a PNG cut at every length is reported as truncated (or unrecognised when shorter than its signature)")
    func truncatedAtEveryLength() throws {
        let png = PNGFile.make(width: 6, height: 4, colorType: .rgb, samples: patternPixels(width: 6, height: 4))
        for length in 1..<png.count {
            let prefix = Array(png.prefix(length))
            let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(bytes: prefix, name: "cut.png") }
            if length < 8 {
                guard case .unsupportedFormat = error else {
                    Issue.record("length \(length): expected unsupportedFormat, got \(String(describing: error))")
                    continue
                }
            } else if case .truncated(let path, let format, let needed, let available) = error {
                #expect(path == "cut.png" && format == .png && available == length && needed > length,
                        "length \(length)")
            } else {
                Issue.record("length \(length): expected truncated, got \(String(describing: error))")
            }
        }
    }

    @Test("a cut PNG names the end of the structure it needed: the next length field, or the chunk")
    func neededBytes() {
        let png = PNGFile.make(width: 1, height: 1, colorType: .gray, samples: [0])
        #expect(throws: ImageError.truncated(path: "s.png", format: .png, needed: 12, available: 8)) {
            try ImageDecoder.decode(bytes: Array(png.prefix(8)), name: "s.png")
        }
        #expect(throws: ImageError.truncated(path: "s.png", format: .png, needed: 33, available: 20)) {
            try ImageDecoder.decode(bytes: Array(png.prefix(20)), name: "s.png")  // inside IHDR (ends at 33)
        }
    }

    @Test("a damaged IDAT checksum is corrupt, with libpng's message")
    func badCRC() {
        var png = PNGFile.make(width: 2, height: 2, colorType: .rgb, samples: patternPixels(width: 2, height: 2))
        let idat = png.count - 12 - 4  // last byte of IDAT's CRC: before IEND (12 bytes)
        png[idat] ^= 0xFF
        let error = #expect(throws: ImageError.self) { try ImageDecoder.decode(bytes: png, name: "crc.png") }
        guard case .corrupt(let path, let format, let detail) = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
        #expect(path == "crc.png" && format == .png)
        #expect(detail.localizedCaseInsensitiveContains("crc"), "libpng said: \(detail)")
    }

    @Test("a PNG whose first chunk is not IHDR is corrupt")
    func missingIHDR() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + PNGFile.chunk("IEND", [])
        #expect(throws: ImageError.corrupt(path: "n.png", format: .png, detail: "first chunk is 'IEND', not IHDR")) {
            try ImageDecoder.decode(bytes: png, name: "n.png")
        }
    }

    @Test("a PNG declaring an absurd size is rejected before pixels are allocated")
    func tooLarge() {
        var png = PNGFile.make(width: 1, height: 1, colorType: .rgb, samples: [1, 2, 3])
        // Patch IHDR to 100000 × 100000 and fix its CRC.
        let ihdr = PNGFile.bigEndian(100_000) + PNGFile.bigEndian(100_000) + [8, 2, 0, 0, 0]
        png.replaceSubrange(8..<33, with: PNGFile.chunk("IHDR", ihdr))
        #expect(throws: ImageError.tooLarge(path: "huge.png", width: 100_000, height: 100_000, maxPixels: 100_000_000)) {
            try ImageDecoder.decode(bytes: png, name: "huge.png")
        }
    }
}
