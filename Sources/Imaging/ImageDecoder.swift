import Foundation

/// Decodes JPEG, PNG and BMP files into ``RGBImage`` values, recognising the format by its magic bytes.
///
/// Stateless and thread-safe: every call owns its own decoder handles. Grayscale, paletted and alpha
/// images become RGB (alpha is dropped, not composited). EXIF orientation is not applied.
public enum ImageDecoder {
    /// Reads and decodes the image file at `url`.
    ///
    /// - Parameters:
    ///   - url: A file URL of a JPEG, PNG or BMP image (the extension is ignored).
    ///   - limits: Size limits checked before pixel memory is allocated.
    /// - Returns: The image as 8-bit RGB, top row first.
    /// - Throws: ``ImageError``: `notFound`, `isDirectory`, `permissionDenied` or `unreadable` when the
    ///   file cannot be read, and any error of ``decode(bytes:name:limits:)``.
    public static func decode(contentsOf url: URL, limits: ImageLimits = .default) throws -> RGBImage {
        let path = url.path
        let bytes = try readFile(url, path: path)
        return try decode(bytes: bytes, name: path, limits: limits)
    }

    /// Decodes an image held in memory.
    ///
    /// - Parameters:
    ///   - bytes: The complete file contents.
    ///   - name: Names the image in errors (usually its path).
    ///   - limits: Size limits checked before pixel memory is allocated.
    /// - Returns: The image as 8-bit RGB, top row first.
    /// - Throws: ``ImageError``: `empty`, `unsupportedFormat`, `truncated`, `corrupt`, `unsupportedBMP`,
    ///   `unsupportedJPEG` or `tooLarge`.
    public static func decode(bytes: [UInt8], name: String, limits: ImageLimits = .default) throws -> RGBImage {
        try decodeTyped(bytes: bytes, name: name, limits: limits)
    }

    static func decodeTyped(bytes: [UInt8], name: String, limits: ImageLimits) throws(ImageError) -> RGBImage {
        guard !bytes.isEmpty else { throw .empty(path: name) }
        guard let format = ImageFormat.sniff(bytes) else {
            throw .unsupportedFormat(path: name, leadingBytes: ImageError.hexPrefix(bytes))
        }
        let reader = ByteReader(bytes: bytes, path: name, format: format)
        switch format {
        case .jpeg: return try decodeJPEG(reader, limits: limits)
        case .png: return try decodePNG(reader, limits: limits)
        case .bmp: return try decodeBMP(reader, limits: limits)
        }
    }

    /// Reads a whole file, mapping file-system failures to specific ``ImageError`` cases.
    static func readFile(_ url: URL, path: String) throws(ImageError) -> [UInt8] {
        guard url.isFileURL else {
            throw .unreadable(path: url.absoluteString, reason: "not a file URL")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        if isDirectory.boolValue { throw .isDirectory(path: path) }
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch let error as CocoaError {
            switch error.code {
            case .fileReadNoPermission: throw .permissionDenied(path: path)
            case .fileReadNoSuchFile, .fileNoSuchFile: throw .notFound(path: path)
            default: throw .unreadable(path: path, reason: error.localizedDescription)
            }
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
    }
}
