import CTurboJPEG
import Foundation

extension ImageDecoder {
    /// Decodes an image, letting libjpeg-turbo scale a JPEG down in the DCT (by 1/2, 1/4 or 1/8) as long as the
    /// result stays at least `minimumWidth` × `minimumHeight`. Much faster for large photos, but not
    /// Pillow-exact (the later resize sees different pixels); other formats decode as `decode(contentsOf:)`.
    /// - Throws: the same ``ImageError``s as `decode(contentsOf:limits:)`.
    public static func decode(contentsOf url: URL, atLeastWidth minimumWidth: Int, height minimumHeight: Int,
                              limits: ImageLimits = .default) throws -> RGBImage {
        let path = url.path
        let bytes = try readFile(url, path: path)
        guard ImageFormat.sniff(bytes) == .jpeg else { return try decode(bytes: bytes, name: path, limits: limits) }
        return try decodeScaledJPEG(ByteReader(bytes: bytes, path: path, format: .jpeg), minimumWidth: minimumWidth,
                                    minimumHeight: minimumHeight, limits: limits)
    }

    static func decodeScaledJPEG(_ reader: ByteReader, minimumWidth: Int, minimumHeight: Int, limits: ImageLimits) throws(ImageError) -> RGBImage {
        let path = reader.path
        try checkJPEGStructure(reader)
        guard let handle = tjInitDecompress() else {
            throw .unreadable(path: path, reason: "TurboJPEG could not be initialised")
        }
        defer { tjDestroy(handle) }
        func errorText() -> String { tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown TurboJPEG error" }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let headerStatus = reader.bytes.withUnsafeBufferPointer { buffer in
            tjDecompressHeader3(handle, buffer.baseAddress, UInt(buffer.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0 else { throw .corrupt(path: path, format: .jpeg, detail: errorText()) }
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            throw .unsupportedJPEG(path: path, detail: colorspace == Int32(TJCS_CMYK.rawValue) ? "CMYK colour space" : "YCCK colour space")
        }
        guard width > 0, height > 0 else { throw .corrupt(path: path, format: .jpeg, detail: "image size \(width)×\(height)") }
        try limits.check(width: Int(width), height: Int(height), path: path)

        // The smallest scaling factor (num/denom ≤ 1) whose output still covers the minimum size.
        var scaledWidth = Int(width), scaledHeight = Int(height)
        var factorCount: Int32 = 0
        if let factors = tjGetScalingFactors(&factorCount) {
            for index in 0..<Int(factorCount) {
                let num = Int(factors[index].num), denom = Int(factors[index].denom)
                guard num > 0, denom > 0, num <= denom else { continue }
                let w = (Int(width) * num + denom - 1) / denom, h = (Int(height) * num + denom - 1) / denom
                if w >= minimumWidth, h >= minimumHeight, w * h < scaledWidth * scaledHeight {
                    scaledWidth = w
                    scaledHeight = h
                }
            }
        }
        var pixels = [UInt8](repeating: 0, count: scaledWidth * scaledHeight * 3)
        let status = reader.bytes.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { destination in
                tjDecompress2(handle, source.baseAddress, UInt(source.count), destination.baseAddress,
                              Int32(scaledWidth), 0, Int32(scaledHeight), Int32(TJPF_RGB.rawValue), 0)
            }
        }
        guard status == 0 || tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else {
            throw .corrupt(path: path, format: .jpeg, detail: errorText())
        }
        return RGBImage(unchecked: scaledWidth, height: scaledHeight, pixels: pixels)
    }
}
