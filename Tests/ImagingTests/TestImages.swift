/// Builders for small PNG and BMP files, written byte by byte so the tests need no encoder.

/// The deterministic test pattern also used to record Pillow's reference checksums:
/// `(x·37 + y·91 + c·53 + ((x·y) mod 7)·19) mod 256` for channel `c`.
func patternPixels(width: Int, height: Int) -> [UInt8] {
    var pixels: [UInt8] = []
    pixels.reserveCapacity(width * height * 3)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<3 {
                pixels.append(UInt8((x * 37 + y * 91 + c * 53 + (x * y) % 7 * 19) % 256))
            }
        }
    }
    return pixels
}

enum PNGFile {
    /// PNG colour types.
    enum ColorType: UInt8 {
        case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgba = 6

        var channels: Int {
            switch self {
            case .gray, .palette: 1
            case .grayAlpha: 2
            case .rgb: 3
            case .rgba: 4
            }
        }
    }

    /// A complete 8-bit PNG: IHDR, optional PLTE, one IDAT holding stored (uncompressed) deflate blocks, IEND.
    ///
    /// - Parameter samples: `width * height * channels` bytes, top row first.
    static func make(width: Int, height: Int, colorType: ColorType, samples: [UInt8],
                     palette: [UInt8] = []) -> [UInt8] {
        precondition(samples.count == width * height * colorType.channels)
        var ihdr = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        ihdr += [8, colorType.rawValue, 0, 0, 0]  // depth, colour type, compression, filter, interlace
        var raw: [UInt8] = []
        let rowLength = width * colorType.channels
        for y in 0..<height {
            raw.append(0)  // filter: none
            raw += samples[(y * rowLength)..<((y + 1) * rowLength)]
        }
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += chunk("IHDR", ihdr)
        if !palette.isEmpty { file += chunk("PLTE", palette) }
        file += chunk("IDAT", zlibStored(raw))
        file += chunk("IEND", [])
        return file
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc32(typeAndData))
    }

    /// A zlib stream of stored deflate blocks (no compression).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let isFinal = offset + length == data.count
            out.append(isFinal ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        return out + bigEndian(adler32(data))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

enum BMPFile {
    /// A complete BMP with a 24- or 32-bit pixel array.
    ///
    /// - Parameters:
    ///   - rgb: `width * height * 3` bytes, top row first.
    ///   - headerSize: 40 (BITMAPINFOHEADER), 108 (V4) or 124 (V5).
    ///   - bitFields: For 32-bit, use BI_BITFIELDS with masks R 0x00FF0000, G 0x0000FF00, B 0x000000FF.
    static func make(width: Int, height: Int, rgb: [UInt8], bitsPerPixel: Int = 24, topDown: Bool = false,
                     headerSize: Int = 40, bitFields: Bool = false) -> [UInt8] {
        let bytesPerPixel = bitsPerPixel / 8
        let stride = (width * bytesPerPixel + 3) / 4 * 4
        var rows: [UInt8] = []
        for fileRow in 0..<height {
            let y = topDown ? fileRow : height - 1 - fileRow
            var row: [UInt8] = []
            for x in 0..<width {
                let i = (y * width + x) * 3
                row += [rgb[i + 2], rgb[i + 1], rgb[i]]  // B G R
                if bytesPerPixel == 4 { row.append(0xFF) }
            }
            row += [UInt8](repeating: 0, count: stride - row.count)
            rows += row
        }
        let masks: [UInt32] = bitFields ? [0x00FF_0000, 0x0000_FF00, 0x0000_00FF] : []
        return assemble(width: width, height: topDown ? -height : height, bitsPerPixel: bitsPerPixel,
                        compression: bitFields ? 3 : 0, headerSize: headerSize, masks: masks,
                        palette: [], pixelData: rows)
    }

    /// A complete 8-bit paletted BMP (BITMAPINFOHEADER).
    ///
    /// - Parameters:
    ///   - indices: `width * height` palette indices, top row first.
    ///   - palette: RGB triples.
    static func makePaletted(width: Int, height: Int, indices: [UInt8], palette: [UInt8]) -> [UInt8] {
        let rowStride = (width + 3) / 4 * 4
        var rows: [UInt8] = []
        for fileRow in 0..<height {
            let y = height - 1 - fileRow
            rows += indices[(y * width)..<((y + 1) * width)]
            rows += [UInt8](repeating: 0, count: rowStride - width)
        }
        var table: [UInt8] = []
        for i in stride(from: 0, to: palette.count, by: 3) {
            table += [palette[i + 2], palette[i + 1], palette[i], 0]
        }
        return assemble(width: width, height: height, bitsPerPixel: 8, compression: 0, headerSize: 40,
                        masks: [], palette: table, pixelData: rows, colorsUsed: palette.count / 3)
    }

    /// File header, DIB header (masks inside it for V4/V5, after it for a 40-byte header), palette, pixels.
    static func assemble(width: Int, height: Int, bitsPerPixel: Int, compression: UInt32, headerSize: Int,
                         masks: [UInt32], palette: [UInt8], pixelData: [UInt8], colorsUsed: Int = 0) -> [UInt8] {
        var dib = littleEndian(UInt32(headerSize))
        dib += littleEndian(UInt32(bitPattern: Int32(width))) + littleEndian(UInt32(bitPattern: Int32(height)))
        dib += [1, 0, UInt8(bitsPerPixel), 0]  // planes, bits per pixel
        dib += littleEndian(compression) + littleEndian(UInt32(pixelData.count))
        dib += littleEndian(2835) + littleEndian(2835)  // 72 dpi
        dib += littleEndian(UInt32(colorsUsed)) + littleEndian(0)
        var extra: [UInt8] = masks.flatMap(littleEndian)
        if headerSize > 40 {
            dib += extra + [UInt8](repeating: 0, count: headerSize - 40 - extra.count)
            extra = []
        }
        let pixelOffset = 14 + dib.count + extra.count + palette.count
        var file: [UInt8] = Array("BM".utf8) + littleEndian(UInt32(pixelOffset + pixelData.count))
        file += [0, 0, 0, 0] + littleEndian(UInt32(pixelOffset))
        return file + dib + extra + palette + pixelData
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }
}
