import CPNG

/// Owns one libpng simplified-API `png_image` (allocated here, because libpng keeps its address for
/// error reporting) and frees it with `png_image_free` in `deinit`.
///
/// Not thread-safe: use one instance per decode.
private final class PNGImageReader {
    let image: UnsafeMutablePointer<png_image>

    init() {
        image = .allocate(capacity: 1)
        image.initialize(to: png_image())
        image.pointee.version = UInt32(PNG_IMAGE_VERSION)
    }

    deinit {
        png_image_free(image)  // no-op once png_image_finish_read has cleaned up
        image.deinitialize(count: 1)
        image.deallocate()
    }

    /// libpng's message for the last error or warning.
    var message: String {
        withUnsafeBytes(of: image.pointee.message) { raw in
            let text = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            return text.isEmpty ? "unknown libpng error" : text
        }
    }
}

extension ImageDecoder {
    /// Decodes a PNG with libpng's simplified API after verifying the chunk structure up to IEND.
    ///
    /// 16-bit samples are treated as sRGB-encoded (`PNG_IMAGE_FLAG_16BIT_sRGB`) and reduced to 8 bits;
    /// images with alpha (including tRNS) are read as RGBA and the alpha channel is dropped.
    static func decodePNG(_ reader: ByteReader, limits: ImageLimits) throws(ImageError) -> RGBImage {
        let path = reader.path
        try checkPNGStructure(reader)
        let png = PNGImageReader()
        let begun = reader.bytes.withUnsafeBytes { raw in
            png_image_begin_read_from_memory(png.image, raw.baseAddress, raw.count)
        }
        guard begun != 0 else {
            throw .corrupt(path: path, format: .png, detail: png.message)
        }
        let width = Int(png.image.pointee.width)
        let height = Int(png.image.pointee.height)
        guard width > 0, height > 0 else {
            throw .corrupt(path: path, format: .png, detail: "image size \(width)×\(height)")
        }
        try limits.check(width: width, height: height, path: path)

        let hasAlpha = png.image.pointee.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        let channels = hasAlpha ? 4 : 3
        // PNG_FORMAT_RGBA is PNG_FORMAT_RGB | PNG_FORMAT_FLAG_ALPHA (a macro Swift cannot import).
        let rgbFormat = UInt32(PNG_FORMAT_RGB)
        png.image.pointee.format = hasAlpha ? rgbFormat | UInt32(PNG_FORMAT_FLAG_ALPHA) : rgbFormat
        png.image.pointee.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        var buffer = [UInt8](repeating: 0, count: width * height * channels)
        let finished = buffer.withUnsafeMutableBytes { raw in
            png_image_finish_read(png.image, nil, raw.baseAddress, 0, nil)
        }
        guard finished != 0 else {
            throw .corrupt(path: path, format: .png, detail: png.message)
        }
        guard hasAlpha else {
            return RGBImage(unchecked: width, height: height, pixels: buffer)
        }
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for pixel in 0..<(width * height) {
            rgb[pixel * 3] = buffer[pixel * 4]
            rgb[pixel * 3 + 1] = buffer[pixel * 4 + 1]
            rgb[pixel * 3 + 2] = buffer[pixel * 4 + 2]
        }
        return RGBImage(unchecked: width, height: height, pixels: rgb)
    }

    /// Walks the chunks from the signature to IEND so that a cut-off file is reported as `truncated`.
    ///
    /// CRCs and chunk contents are left to libpng.
    /// - Throws: `truncated` when a chunk runs past the end or the data ends before IEND; `corrupt`
    ///   when the first chunk is not IHDR or a length exceeds 2³¹ − 1.
    static func checkPNGStructure(_ reader: ByteReader) throws(ImageError) {
        var position = 8  // after the signature, which sniffing verified
        var isFirst = true
        while true {
            let length = try reader.uint32BE(at: position)
            guard length <= 0x7FFF_FFFF else {
                throw .corrupt(path: reader.path, format: .png,
                               detail: "chunk at byte \(position) declares length \(length)")
            }
            try reader.require(offset: position + 4, length: 4)
            let type = Array(reader.bytes[(position + 4)..<(position + 8)])
            if isFirst, type != Array("IHDR".utf8) {
                throw .corrupt(path: reader.path, format: .png,
                               detail: "first chunk is \(chunkName(type)), not IHDR")
            }
            isFirst = false
            let chunkSize = 12 + Int(length)  // length, type, data, CRC
            try reader.require(offset: position, length: chunkSize)
            if type == Array("IEND".utf8) { return }
            position += chunkSize
        }
    }

    /// A chunk type as text when it is ASCII letters, otherwise as hex.
    private static func chunkName(_ type: [UInt8]) -> String {
        let isLetters = type.allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
        return isLetters ? "'" + String(decoding: type, as: UTF8.self) + "'" : ImageError.hexPrefix(type)
    }
}
