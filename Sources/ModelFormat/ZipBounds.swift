/// A bounds check of a zip archive's directory structure, run before the bytes reach ZIPFoundation.
///
/// Why: ZIPFoundation 0.9.20 reads in-memory archives (`Archive(data:)`) through `Archive.MemoryFile`,
/// whose `seek` accepts offsets past the end and whose `readData` then builds a `Range` with
/// `lowerBound > upperBound` and traps (upstream weichsel/ZIPFoundation#394, open). Any model whose appended
/// zip points past the end of the file — central directory, local header, or data descriptor — kills the
/// process when its associated files are read (`edgebench inspect`, `classify`).
///
/// `TFLiteModel.associatedFile(named:)` calls it first and treats an archive that fails it as absent.
///
/// It follows the reads ZIPFoundation makes (`Archive.scanForEndOfCentralDirectoryRecord`,
/// `Archive.makeIterator`): the first end-of-central-directory signature from the end, each central directory
/// entry, its local header, and the data descriptor after the data (whose size is the compressed size, or the
/// uncompressed size for stored entries). ZIP64 is refused outright — a ZIP64 end-of-central-directory
/// locator or record, version needed ≥ 4.5, or a ZIP64 extra field all switch ZIPFoundation to 64-bit
/// offsets and sizes — since a model's associated files never need it.
///
/// - Returns: true when every position ZIPFoundation will read lies inside `bytes`.
func zipDirectoryIsInBounds(_ bytes: [UInt8]) -> Bool {
    let count = bytes.count
    func u16(_ p: Int) -> Int? { p >= 0 && p <= count - 2 ? Int(bytes[p]) | Int(bytes[p + 1]) << 8 : nil }
    func u32(_ p: Int) -> Int? {
        guard let lo = u16(p), let hi = u16(p + 2) else { return nil }
        return lo | hi << 16
    }
    /// Whether the extra field at `start` of `length` bytes holds a ZIP64 block (header ID 1), scanned
    /// as ZIPFoundation's `scanForZIP64Field` scans it.
    func hasZIP64Field(_ start: Int, _ length: Int) -> Bool {
        var offset = 0
        while offset < length - 4 {
            guard let id = u16(start + offset), let size = u16(start + offset + 2) else { return true }
            let next = offset + 4 + size
            guard next <= length else { return false }
            if id == 1 { return true }
            offset = next
        }
        return false
    }
    // The end-of-central-directory record, found from the end as ZIPFoundation finds it (it scans the whole
    // file; the record is within 22 + 65535 bytes of the end in any archive worth reading).
    guard count >= 22 else { return false }
    var eocd = -1
    var p = count - 22
    while p >= max(0, count - 22 - 0xFFFF) {
        if u32(p) == 0x0605_4B50 { eocd = p; break }
        p -= 1
    }
    guard eocd >= 0, let entries = u16(eocd + 10), let cdSize = u32(eocd + 12), let cdOffset = u32(eocd + 16),
          cdOffset <= count, cdSize <= count - cdOffset else { return false }
    // A ZIP64 locator (20 bytes before) or record (56 more) overrides the 32-bit values.
    guard u32(eocd - 20) != 0x0706_4B50, u32(eocd - 76) != 0x0606_4B50 else { return false }
    var entry = cdOffset
    for _ in 0 ..< entries {
        guard entry <= count - 46, u32(entry) == 0x0201_4B50,
              let needed = u16(entry + 6), let flags = u16(entry + 8), let method = u16(entry + 10),
              let compressed = u32(entry + 20), let uncompressed = u32(entry + 24),
              let nameLength = u16(entry + 28), let extraLength = u16(entry + 30), let commentLength = u16(entry + 32),
              let local = u32(entry + 42) else { return false }
        let extraStart = entry + 46 + nameLength
        guard needed & 0xFF < 45, extraStart <= count, extraLength <= count - extraStart,
              !hasZIP64Field(extraStart, extraLength) else { return false }
        // The local header, its name and extra field, the data, and a data descriptor when flag bit 3 says so.
        guard local <= count - 30, u32(local) == 0x0403_4B50,
              let localName = u16(local + 26), let localExtra = u16(local + 28) else { return false }
        let localExtraStart = local + 30 + localName
        guard localExtraStart <= count, localExtra <= count - localExtraStart,
              !hasZIP64Field(localExtraStart, localExtra) else { return false }
        let dataStart = localExtraStart + localExtra
        let dataSize = method != 0 ? compressed : uncompressed
        let descriptor = flags & 0x8 != 0 ? 16 : 0
        guard compressed <= count - dataStart, dataSize <= count - dataStart,
              descriptor <= count - dataStart - dataSize else { return false }
        entry += 46 + nameLength + extraLength + commentLength
    }
    return entry <= count
}
