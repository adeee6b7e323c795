import Foundation

/// Why an image could not be read or built; every case carries the evidence (file, offending value, limit).
public enum ImageError: Error, Equatable, LocalizedError {
    /// Nothing exists at `path`.
    case notFound(path: String)
    /// `path` names a directory, not a file.
    case isDirectory(path: String)
    /// The process may not read `path`.
    case permissionDenied(path: String)
    /// Reading `path` failed for another reason (I/O error, special file); `reason` is the system's text.
    case unreadable(path: String, reason: String)
    /// The file has zero bytes.
    case empty(path: String)
    /// The leading bytes match no supported format; `leadingBytes` is their hex (`"50 4B 03 04"`).
    case unsupportedFormat(path: String, leadingBytes: String)
    /// The file ends before a structure it declares: `needed` is the smallest byte count that could
    /// complete it (for JPEG/PNG data missing its end marker, the bytes up to and including that marker),
    /// `available` the file's size.
    case truncated(path: String, format: ImageFormat, needed: Int, available: Int)
    /// The file is structurally complete but its contents are invalid; `detail` holds the decoder's text
    /// (TurboJPEG's or libpng's message, or our BMP reader's finding).
    case corrupt(path: String, format: ImageFormat, detail: String)
    /// A valid BMP variant we do not decode (bit depth, compression, header kind), named in `detail`.
    case unsupportedBMP(path: String, detail: String)
    /// A valid JPEG variant we do not decode (CMYK/YCCK colour), named in `detail`.
    case unsupportedJPEG(path: String, detail: String)
    /// The image's declared size exceeds ``ImageLimits/maxPixels``; nothing was allocated.
    case tooLarge(path: String, width: Int, height: Int, maxPixels: Int)
    /// ``RGBImage`` was given a non-positive size or a pixel buffer whose `byteCount` is not `width * height * 3`.
    case invalidDimensions(width: Int, height: Int, byteCount: Int)

    public var errorDescription: String? {
        switch self {
        case .notFound(let path):
            "No file exists at \(path); check the path."
        case .isDirectory(let path):
            "\(path) is a directory, not an image file; pass the path of a JPEG, PNG or BMP file."
        case .permissionDenied(let path):
            "\(path) cannot be read (permission denied); check the file's permissions."
        case .unreadable(let path, let reason):
            "\(path) could not be read (\(reason)); check that it is a regular, accessible file."
        case .empty(let path):
            "\(path) is empty (0 bytes); supply a JPEG, PNG or BMP image."
        case .unsupportedFormat(let path, let leadingBytes):
            "\(path) is not a JPEG, PNG or BMP image (starts with \(leadingBytes)); convert it to one of those formats."
        case .truncated(let path, let format, let needed, let available):
            "\(path) is a truncated \(format.displayName) file (needs at least \(needed) bytes, has \(available)); re-download or re-export it."
        case .corrupt(let path, let format, let detail):
            "\(path) is a corrupt \(format.displayName) file (\(detail)); re-export it or use another image."
        case .unsupportedBMP(let path, let detail):
            "\(path) is a BMP variant that cannot be read (\(detail)); re-save it as a 24-bit BMP, PNG or JPEG."
        case .unsupportedJPEG(let path, let detail):
            "\(path) is a JPEG variant that cannot be read (\(detail)); re-save it as an RGB or grayscale JPEG, or as PNG."
        case .tooLarge(let path, let width, let height, let maxPixels):
            "\(path) is \(width)×\(height) pixels, more than the limit of \(maxPixels) pixels; downscale the image (edgebench decodes at most \(maxPixels) pixels, about \(maxPixels * 3 / 1_000_000) MB of RGB)."
        case .invalidDimensions(let width, let height, let byteCount):
            "An RGB image of \(width)×\(height) pixels cannot hold \(byteCount) bytes; pass a positive size and exactly width × height × 3 bytes."
        }
    }
}

extension ImageError {
    /// The hex of up to the first 8 bytes, as in `"50 4B 03 04"`.
    static func hexPrefix(_ bytes: [UInt8]) -> String {
        bytes.prefix(8).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 0x10 ? "0" + hex : hex
        }.joined(separator: " ")
    }
}
