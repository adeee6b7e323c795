/// The BMP header fields the decoder uses, read and validated from untrusted bytes.
private struct BMPHeader {
    var pixelOffset: Int
    var headerSize: Int
    var width: Int
    var height: Int
    var isTopDown: Bool
    var bitsPerPixel: Int
    var compression: UInt32
    var colorsUsed: Int

    /// BI_RGB: uncompressed.
    static let uncompressed: UInt32 = 0
    /// BI_BITFIELDS / BI_ALPHABITFIELDS: uncompressed with channel masks.
    static let bitFields: UInt32 = 3
    static let alphaBitFields: UInt32 = 6

    /// Header sizes of BITMAPINFOHEADER, the Adobe 52/56-byte variants, BITMAPV4HEADER and BITMAPV5HEADER.
    static let supportedHeaderSizes: Set<Int> = [40, 52, 56, 108, 124]
}

extension ImageDecoder {
    /// Decodes an uncompressed Windows BMP: 1/4/8-bit paletted, 24-bit, and 32-bit (BI_RGB or
    /// BI_BITFIELDS with byte-aligned 8-bit masks), bottom-up or top-down, rows padded to 4 bytes.
    ///
    /// Palette indices beyond the palette decode as black, as in Pillow. Alpha is ignored.
    static func decodeBMP(_ reader: ByteReader, limits: ImageLimits) throws(ImageError) -> RGBImage {
        let path = reader.path
        let header = try readBMPHeader(reader)
        try limits.check(width: header.width, height: header.height, path: path)

        let bpp = header.bitsPerPixel
        let width = header.width, height = header.height
        // width < 2^31 and bpp <= 32, so these cannot overflow a 64-bit Int.
        let rowBits = width * bpp
        let stride = (rowBits + 31) / 32 * 4
        let rowBytes = (rowBits + 7) / 8
        let (lastRowStart, overflow) = stride.multipliedReportingOverflow(by: height - 1)
        guard !overflow else {
            throw .tooLarge(path: path, width: width, height: height, maxPixels: limits.maxPixels)
        }
        let (dataOffset, overflow2) = header.pixelOffset.addingReportingOverflow(lastRowStart)
        guard !overflow2 else {
            throw .truncated(path: path, format: .bmp, needed: Int.max, available: reader.count)
        }
        // The last row's padding may be missing; its pixels may not.
        try reader.require(offset: dataOffset, length: rowBytes)

        let bytes = reader.bytes
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        switch bpp {
        case 24, 32:
            let (redShift, greenShift, blueShift) = try channelShifts(reader, header: header)
            let step = bpp / 8
            for row in 0..<height {
                let source = header.pixelOffset + (header.isTopDown ? row : height - 1 - row) * stride
                var out = row * width * 3
                for x in 0..<width {
                    let p = source + x * step
                    let value = step == 4
                        ? UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16
                            | UInt32(bytes[p + 3]) << 24
                        : UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16
                    pixels[out] = UInt8(truncatingIfNeeded: value >> redShift)
                    pixels[out + 1] = UInt8(truncatingIfNeeded: value >> greenShift)
                    pixels[out + 2] = UInt8(truncatingIfNeeded: value >> blueShift)
                    out += 3
                }
            }
        default:  // 1, 4, 8: paletted
            let palette = try readPalette(reader, header: header)
            let mask = (1 << bpp) - 1
            for row in 0..<height {
                let source = header.pixelOffset + (header.isTopDown ? row : height - 1 - row) * stride
                var out = row * width * 3
                for x in 0..<width {
                    let bit = x * bpp
                    let byte = Int(bytes[source + bit / 8])
                    let index = (byte >> (8 - bpp - bit % 8)) & mask
                    pixels[out] = palette[index * 3]
                    pixels[out + 1] = palette[index * 3 + 1]
                    pixels[out + 2] = palette[index * 3 + 2]
                    out += 3
                }
            }
        }
        return RGBImage(unchecked: width, height: height, pixels: pixels)
    }

    private static func readBMPHeader(_ reader: ByteReader) throws(ImageError) -> BMPHeader {
        let path = reader.path
        let pixelOffset = Int(try reader.uint32LE(at: 10))
        let headerSize = Int(try reader.uint32LE(at: 14))
        guard BMPHeader.supportedHeaderSizes.contains(headerSize) else {
            if headerSize == 12 || headerSize == 16 || headerSize == 64 {
                throw .unsupportedBMP(path: path, detail: "OS/2 bitmap header of \(headerSize) bytes")
            }
            throw .unsupportedBMP(path: path, detail: "unknown DIB header size \(headerSize)")
        }
        try reader.require(offset: 14, length: headerSize)
        let width = Int(try reader.int32LE(at: 18))
        let rawHeight = Int(try reader.int32LE(at: 22))
        let bitsPerPixel = Int(try reader.uint16LE(at: 28))
        let compression = try reader.uint32LE(at: 30)
        let colorsUsed = Int(try reader.uint32LE(at: 46))

        guard width > 0, rawHeight != 0 else {
            throw .corrupt(path: path, format: .bmp, detail: "image size \(width)×\(rawHeight)")
        }
        switch compression {
        case BMPHeader.uncompressed, BMPHeader.bitFields, BMPHeader.alphaBitFields: break
        case 1: throw .unsupportedBMP(path: path, detail: "RLE8 compression")
        case 2: throw .unsupportedBMP(path: path, detail: "RLE4 compression")
        case 4: throw .unsupportedBMP(path: path, detail: "embedded JPEG compression")
        case 5: throw .unsupportedBMP(path: path, detail: "embedded PNG compression")
        default: throw .unsupportedBMP(path: path, detail: "compression type \(compression)")
        }
        switch bitsPerPixel {
        case 1, 4, 8:
            guard compression == BMPHeader.uncompressed else {
                throw .unsupportedBMP(path: path, detail: "\(bitsPerPixel)-bit pixels with compression type \(compression)")
            }
        case 24:
            guard compression == BMPHeader.uncompressed else {
                throw .unsupportedBMP(path: path, detail: "24-bit pixels with compression type \(compression)")
            }
        case 32: break
        default:
            throw .unsupportedBMP(path: path, detail: "\(bitsPerPixel) bits per pixel")
        }
        let masksSize = compression == BMPHeader.uncompressed || headerSize > 40 ? 0
            : (compression == BMPHeader.alphaBitFields ? 16 : 12)
        guard pixelOffset >= 14 + headerSize + masksSize else {
            throw .corrupt(path: path, format: .bmp, detail: "pixel data offset \(pixelOffset) overlaps the headers")
        }
        return BMPHeader(pixelOffset: pixelOffset, headerSize: headerSize, width: width,
                         height: abs(rawHeight), isTopDown: rawHeight < 0, bitsPerPixel: bitsPerPixel,
                         compression: compression, colorsUsed: colorsUsed)
    }

    /// The right shifts that move red, green and blue into the low byte of a little-endian pixel value.
    private static func channelShifts(_ reader: ByteReader, header: BMPHeader) throws(ImageError)
        -> (red: UInt32, green: UInt32, blue: UInt32)
    {
        guard header.compression != BMPHeader.uncompressed else { return (16, 8, 0) }  // B G R (X)
        // The masks follow a 40-byte header or are part of a longer one: at offset 54 either way.
        let masks = [try reader.uint32LE(at: 54), try reader.uint32LE(at: 58), try reader.uint32LE(at: 62)]
        var shifts: [UInt32] = []
        for mask in masks {
            let shift = mask.trailingZeroBitCount
            guard mask != 0, shift % 8 == 0, mask >> shift == 0xFF else {
                let hex = masks.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ")
                throw .unsupportedBMP(path: reader.path, detail: "32-bit colour masks \(hex)")
            }
            shifts.append(UInt32(shift))
        }
        return (shifts[0], shifts[1], shifts[2])
    }

    /// The colour table as 256 RGB triples; entries the file does not define are black.
    private static func readPalette(_ reader: ByteReader, header: BMPHeader) throws(ImageError) -> [UInt8] {
        let maxColors = 1 << header.bitsPerPixel
        let declared = header.colorsUsed == 0 ? maxColors : min(header.colorsUsed, maxColors)
        let start = 14 + header.headerSize
        // Some writers declare more colours than fit before the pixel data; keep those that do.
        let colors = min(declared, (header.pixelOffset - start) / 4)
        try reader.require(offset: start, length: colors * 4)
        var palette = [UInt8](repeating: 0, count: 256 * 3)
        for index in 0..<colors {
            let entry = start + index * 4  // B G R reserved
            palette[index * 3] = reader.bytes[entry + 2]
            palette[index * 3 + 1] = reader.bytes[entry + 1]
            palette[index * 3 + 2] = reader.bytes[entry]
        }
        return palette
    }
}
