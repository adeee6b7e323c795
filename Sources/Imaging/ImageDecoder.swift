import FileAccess
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
    /// - Throws: ``ImageError``: `notFound`, `isDirectory`, `permissionDenied` or `empty` when the file cannot
    ///   be read; ``FileAccessError`` when it is not a regular file, is larger than ``FileLimits/maxImageBytes``
    ///   or fails to read; and any error of ``decode(bytes:name:limits:)``.
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

    /// Reads a whole image file under ``FileLimits/maxImageBytes``, refusing a file whose leading bytes are no
    /// supported format before reading the rest.
    ///
    /// File-system failures that have an ``ImageError`` case (missing, directory, permission, empty) become that
    /// case; the others (FIFO or device, link loop, too large, I/O error) stay ``FileAccessError``.
    static func readFile(_ url: URL, path: String) throws -> [UInt8] {
        guard url.isFileURL else {
            throw ImageError.unreadable(path: url.absoluteString, reason: "not a file URL")
        }
        do {
            return try BoundedFile.read(path, as: .image) { header in
                if header.count >= BoundedFile.headerLength, ImageFormat.sniff(header) == nil {
                    throw ImageError.unsupportedFormat(path: path, leadingBytes: ImageError.hexPrefix(header))
                }
            }
        } catch let error as FileAccessError {
            switch error {
            case .notFound: throw ImageError.notFound(path: path)
            case .isDirectory: throw ImageError.isDirectory(path: path)
            case .permissionDenied: throw ImageError.permissionDenied(path: path)
            case .empty: throw ImageError.empty(path: path)
            default: throw error
            }
        }
    }
}
