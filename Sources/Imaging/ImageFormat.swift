/// The image container formats the decoder understands, recognised by their magic bytes.
public enum ImageFormat: String, Sendable, CaseIterable {
    /// JPEG (JFIF/EXIF), starting with `FF D8 FF`.
    case jpeg
    /// PNG, starting with the 8-byte signature `89 50 4E 47 0D 0A 1A 0A`.
    case png
    /// Windows BMP, starting with `42 4D` ("BM").
    case bmp

    /// The magic bytes every file of this format starts with.
    var magic: [UInt8] {
        switch self {
        case .jpeg: [0xFF, 0xD8, 0xFF]
        case .png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        case .bmp: [0x42, 0x4D]
        }
    }

    /// The format's usual name, for messages ("JPEG", "PNG", "BMP").
    public var displayName: String { rawValue.uppercased() }

    /// Identifies the format of an image by its leading magic bytes, ignoring any file name extension.
    ///
    /// - Parameter bytes: The file's contents (only the first 8 bytes are examined).
    /// - Returns: The format, or `nil` when the bytes match none of the supported formats.
    public static func sniff(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(8))
        return allCases.first { head.starts(with: $0.magic) }
    }
}
