/// A bounds-checked look at the zip archive appended to a model, before ZIPFoundation reads it.
///
/// ZIPFoundation trusts the offsets in the central directory and traps on ones that point past the
/// end of the data, so every offset and length it will follow is checked here first (subtraction
/// form, no arithmetic that can overflow). Zip64 archives are not expected in models and are refused.
enum ZipDirectoryCheck {
    private static let endOfDirectorySignature: UInt32 = 0x0605_4B50
    private static let directoryEntrySignature: UInt32 = 0x0201_4B50
    private static let localHeaderSignature: UInt32 = 0x0403_4B50
    private static let endRecordSize = 22
    private static let directoryEntrySize = 46
    private static let localHeaderSize = 30

    /// Whether `bytes` end with a zip end-of-central-directory record at all.
    static func hasArchive(_ bytes: [UInt8]) -> Bool { findEndRecord(bytes) != nil }

    /// Checks the central directory and every local header it points to.
    /// - Throws: `ModelFormatError` naming the first offset or length that leaves the file.
    static func validate(_ bytes: [UInt8]) throws {
        guard let end = findEndRecord(bytes) else { return }
        let entries = Int(read16(bytes, end + 10))
        let directorySize = Int(read32(bytes, end + 12))
        let directoryOffset = Int(read32(bytes, end + 16))
        if directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF || entries == 0xFFFF {
            throw ModelFormatError.notAModel(reason: "the associated-files archive is zip64, which models do not use")
        }
        guard directoryOffset <= end, directorySize <= end - directoryOffset else {
            throw ModelFormatError.offsetOutOfRange(field: "zip central directory", offset: directoryOffset, size: bytes.count)
        }
        var position = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for _ in 0..<entries {
            guard directoryEnd - position >= directoryEntrySize else {
                throw ModelFormatError.truncated(offset: position, needed: directoryEntrySize, available: directoryEnd - position)
            }
            guard read32(bytes, position) == directoryEntrySignature else {
                throw ModelFormatError.offsetOutOfRange(field: "zip directory entry", offset: position, size: bytes.count)
            }
            let compressedSize = Int(read32(bytes, position + 20))
            let nameLength = Int(read16(bytes, position + 28))
            let extraLength = Int(read16(bytes, position + 30))
            let commentLength = Int(read16(bytes, position + 32))
            let localOffset = Int(read32(bytes, position + 42))
            let variable = nameLength + extraLength + commentLength
            guard directoryEnd - position - directoryEntrySize >= variable else {
                throw ModelFormatError.truncated(offset: position, needed: directoryEntrySize + variable, available: directoryEnd - position)
            }
            // The local header, its name and extra field, and the data must all lie before the directory.
            guard localOffset <= directoryOffset, directoryOffset - localOffset >= localHeaderSize,
                  read32(bytes, localOffset) == localHeaderSignature else {
                throw ModelFormatError.offsetOutOfRange(field: "zip local header", offset: localOffset, size: bytes.count)
            }
            let localVariable = Int(read16(bytes, localOffset + 26)) + Int(read16(bytes, localOffset + 28))
            guard directoryOffset - localOffset - localHeaderSize >= localVariable,
                  directoryOffset - localOffset - localHeaderSize - localVariable >= compressedSize else {
                throw ModelFormatError.offsetOutOfRange(field: "zip entry data", offset: localOffset, size: bytes.count)
            }
            position += directoryEntrySize + variable
        }
    }

    /// The offset of the end-of-central-directory record: the last signature within the final 64 KiB + 22 bytes.
    private static func findEndRecord(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= endRecordSize else { return nil }
        let lowest = max(0, bytes.count - endRecordSize - 0xFFFF)
        var offset = bytes.count - endRecordSize
        while offset >= lowest {
            if read32(bytes, offset) == endOfDirectorySignature { return offset }
            offset -= 1
        }
        return nil
    }

    // Callers guarantee `offset + width <= bytes.count` (checked before every read above, or by
    // construction for the end record); the reads still fall back to 0 rather than trap.
    private static func read16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        guard offset >= 0, offset <= bytes.count - 2 else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func read32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        guard offset >= 0, offset <= bytes.count - 4 else { return 0 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
