import CTurboJPEG

/// Owns one TurboJPEG decompressor handle and destroys it in `deinit`.
///
/// Not thread-safe: use one instance per decode (they are cheap).
private final class TurboJPEGDecompressor {
    let handle: tjhandle

    init?() {
        guard let handle = tjInitDecompress() else { return nil }
        self.handle = handle
    }

    deinit { tjDestroy(handle) }

    /// TurboJPEG's text for the last error or warning on this handle.
    var errorText: String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown TurboJPEG error" }
        return String(cString: text)
    }

    /// Whether the last failure was only a warning (libjpeg recovered and produced an image).
    var lastFailureWasWarning: Bool {
        tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue)
    }
}

extension ImageDecoder {
    /// Decodes a JPEG with TurboJPEG (accurate integer IDCT, fancy upsampling — libjpeg's defaults, as
    /// Pillow uses them) after verifying that the marker structure is complete.
    static func decodeJPEG(_ reader: ByteReader, limits: ImageLimits) throws(ImageError) -> RGBImage {
        let path = reader.path
        try checkJPEGStructure(reader)
        guard let decompressor = TurboJPEGDecompressor() else {
            let text = tjGetErrorStr2(nil).map { String(cString: $0) } ?? "unknown error"
            throw .unreadable(path: path, reason: "TurboJPEG could not be initialised: \(text)")
        }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let headerStatus = reader.bytes.withUnsafeBufferPointer { buffer in
            tjDecompressHeader3(decompressor.handle, buffer.baseAddress, UInt(buffer.count),
                                &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0 else {
            throw .corrupt(path: path, format: .jpeg, detail: decompressor.errorText)
        }
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            let name = colorspace == Int32(TJCS_CMYK.rawValue) ? "CMYK" : "YCCK"
            throw .unsupportedJPEG(path: path, detail: "\(name) colour space")
        }
        guard width > 0, height > 0 else {
            throw .corrupt(path: path, format: .jpeg, detail: "image size \(width)×\(height)")
        }
        try limits.check(width: Int(width), height: Int(height), path: path)

        var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * 3)
        let status = reader.bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { destination in
                tjDecompress2(decompressor.handle, source.baseAddress, UInt(source.count),
                              destination.baseAddress, width, 0, height, Int32(TJPF_RGB.rawValue), 0)
            }
        }
        // Warnings ("Corrupt JPEG data: N extraneous bytes …") still yield a full image, as in Pillow.
        guard status == 0 || decompressor.lastFailureWasWarning else {
            throw .corrupt(path: path, format: .jpeg, detail: decompressor.errorText)
        }
        return RGBImage(unchecked: Int(width), height: Int(height), pixels: pixels)
    }

    /// Walks the JPEG marker segments from SOI to EOI so that a cut-off file is reported as
    /// `truncated` (libjpeg would only warn and pad the image with gray).
    ///
    /// - Throws: `truncated` when a segment or the entropy-coded data runs past the end, or no EOI
    ///   marker follows; `corrupt` for a segment length below 2.
    static func checkJPEGStructure(_ reader: ByteReader) throws(ImageError) {
        let bytes = reader.bytes
        let count = bytes.count
        var position = 2  // after SOI, which sniffing verified
        while true {
            // Find the next marker: skip stray bytes (libjpeg tolerates them) and 0xFF fill bytes.
            while position < count, bytes[position] != 0xFF { position += 1 }
            let sawMarkerPrefix = position < count
            while position < count, bytes[position] == 0xFF { position += 1 }
            guard position < count else {
                // At least a marker (EOI) is missing: its code byte, or all of it.
                let needed = sawMarkerPrefix ? count + 1 : count + 2
                throw .truncated(path: reader.path, format: .jpeg, needed: needed, available: count)
            }
            let marker = bytes[position]
            position += 1
            switch marker {
            case 0x00:
                continue  // "FF 00" outside a scan: stray bytes
            case 0xD9:
                return  // EOI
            case 0x01, 0xD0...0xD8:
                continue  // TEM, RSTn, SOI: no length field
            default:
                let length = Int(try reader.uint16BE(at: position))
                guard length >= 2 else {
                    throw .corrupt(path: reader.path, format: .jpeg,
                                   detail: "marker 0xFF\(ImageError.hexPrefix([marker])) at byte \(position - 2) has length \(length)")
                }
                try reader.require(offset: position, length: length)
                position += length
                if marker == 0xDA {
                    position = try endOfEntropyCodedData(reader, from: position)
                }
            }
        }
    }

    /// The offset of the marker that ends the entropy-coded data starting at `start`.
    private static func endOfEntropyCodedData(_ reader: ByteReader, from start: Int) throws(ImageError) -> Int {
        let bytes = reader.bytes
        var position = start
        while position < bytes.count - 1 {
            if bytes[position] == 0xFF {
                let next = bytes[position + 1]
                // FF 00 is a stuffed 0xFF data byte, FF D0–D7 a restart marker, FF FF fill.
                if next != 0x00, next != 0xFF, !(0xD0...0xD7).contains(next) { return position }
                position += next == 0xFF ? 1 : 2
            } else {
                position += 1
            }
        }
        // The data ends inside a scan: at least the EOI marker is missing.
        let count = bytes.count
        let needed = count > 0 && bytes[count - 1] == 0xFF ? count + 1 : count + 2
        throw .truncated(path: reader.path, format: .jpeg, needed: needed, available: count)
    }
}
