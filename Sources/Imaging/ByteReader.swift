/// The one bounds-checked reader of untrusted image bytes; every read past the end throws
/// ``ImageError/truncated(path:format:needed:available:)`` naming the bytes that were missing.
///
/// All checks are written in subtraction form (`length <= count - offset`) so no sum can overflow.
struct ByteReader {
    let bytes: [UInt8]
    /// Names the file in errors.
    let path: String
    let format: ImageFormat

    var count: Int { bytes.count }

    /// Whether `length` bytes starting at `offset` lie inside the data.
    func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }

    /// Throws `truncated` unless `length` bytes starting at `offset` lie inside the data.
    func require(offset: Int, length: Int) throws(ImageError) {
        guard contains(offset: offset, length: length) else {
            let (end, overflow) = offset.addingReportingOverflow(length)
            throw .truncated(path: path, format: format, needed: overflow ? Int.max : end, available: bytes.count)
        }
    }

    func uint8(at offset: Int) throws(ImageError) -> UInt8 {
        try require(offset: offset, length: 1)
        return bytes[offset]
    }

    func uint16LE(at offset: Int) throws(ImageError) -> UInt16 {
        try require(offset: offset, length: 2)
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func uint32LE(at offset: Int) throws(ImageError) -> UInt32 {
        try require(offset: offset, length: 4)
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    func int32LE(at offset: Int) throws(ImageError) -> Int32 {
        Int32(bitPattern: try uint32LE(at: offset))
    }

    func uint16BE(at offset: Int) throws(ImageError) -> UInt16 {
        try require(offset: offset, length: 2)
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    func uint32BE(at offset: Int) throws(ImageError) -> UInt32 {
        try require(offset: offset, length: 4)
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
