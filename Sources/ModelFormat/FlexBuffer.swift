/// A minimal, bounds-checked FlexBuffers reader: enough for custom-operator options (maps keyed by strings
/// whose values are integers, booleans, floats, strings, blobs or typed vectors).
///
/// Format reminders: the buffer ends with the root's packed type and its byte width. A packed type holds the
/// value type in its upper six bits and log2 of the child width in its lower two. Scalars are stored inline
/// at the parent's width; strings, blobs, vectors and maps are stored before the point that refers to them,
/// at an unsigned backwards offset. Sized values carry their element count just before their first element;
/// a map additionally stores, before the count, the offset and byte width of its sorted key vector.
struct FlexReference {
    /// FlexBuffers value types (the upper six bits of a packed type).
    enum Kind: UInt8 {
        case null = 0, int = 1, uint = 2, float = 3, key = 4, string = 5
        case indirectInt = 6, indirectUInt = 7, indirectFloat = 8, map = 9, vector = 10
        case vectorInt = 11, vectorUInt = 12, vectorFloat = 13, vectorKey = 14
        case blob = 25, bool = 26, vectorBool = 36
    }

    let reader: ByteReader
    /// Where the value (or the offset to it) is stored.
    let position: Int
    /// The width of the slot at `position`.
    let parentWidth: Int
    let packedType: UInt8

    var typeCode: UInt8 { packedType >> 2 }
    var kind: Kind? { Kind(rawValue: typeCode) }
    /// The width of the children (elements of a vector, the size prefix of a string …).
    var byteWidth: Int { 1 << Int(packedType & 3) }

    /// The root of a FlexBuffer.
    /// - Throws: `ModelFormatError.badFlexBuffer` when the trailer is malformed.
    static func root(of reader: ByteReader) throws -> FlexReference {
        guard reader.count >= 3 else { throw ModelFormatError.badFlexBuffer(offset: 0, reason: "buffer of \(reader.count) bytes is too short") }
        let width = Int(try reader.u8(reader.count - 1))
        guard [1, 2, 4, 8].contains(width) else {
            throw ModelFormatError.badFlexBuffer(offset: reader.count - 1, reason: "root width \(width)")
        }
        let packed = try reader.u8(reader.count - 2)
        let position = reader.count - 2 - width
        guard position >= 0 else { throw ModelFormatError.badFlexBuffer(offset: 0, reason: "root value before the buffer start") }
        return FlexReference(reader: reader, position: position, parentWidth: width, packedType: packed)
    }

    /// The position an offset-stored value points to (backwards from `position`).
    private func indirect() throws -> Int {
        let offset = try reader.unsigned(position, width: parentWidth)
        guard offset <= UInt64(position) else {
            throw ModelFormatError.badFlexBuffer(offset: position, reason: "offset \(offset) points before the buffer")
        }
        return position - Int(offset)
    }

    /// The element count stored just before `data`, checked against the limits.
    private func sizePrefix(_ data: Int, width: Int) throws -> Int {
        guard data >= width else { throw ModelFormatError.badFlexBuffer(offset: data, reason: "size prefix before the buffer") }
        let size = try reader.unsigned(data - width, width: width)
        guard size <= UInt64(reader.count) else {
            throw ModelFormatError.badFlexBuffer(offset: data, reason: "size \(size) exceeds the buffer")
        }
        return Int(size)
    }

    /// The value as an integer (ints, uints, bools, and their indirect forms).
    func integer() throws -> Int64 {
        switch kind {
        case .int?: return try reader.signed(position, width: parentWidth)
        case .uint?, .bool?: return Int64(bitPattern: try reader.unsigned(position, width: parentWidth))
        case .indirectInt?: return try reader.signed(try indirect(), width: byteWidth)
        case .indirectUInt?: return Int64(bitPattern: try reader.unsigned(try indirect(), width: byteWidth))
        default: throw ModelFormatError.badFlexBuffer(offset: position, reason: "type \(typeCode) is not an integer")
        }
    }

    /// The byte range of a string or blob.
    func byteRange() throws -> Range<Int> {
        guard kind == .string || kind == .blob else {
            throw ModelFormatError.badFlexBuffer(offset: position, reason: "type \(typeCode) is not a string or blob")
        }
        let data = try indirect()
        let size = try sizePrefix(data, width: byteWidth)
        try reader.checkRange(data, size)
        return data ..< data + size
    }

    /// The entries of a map, keyed by their (UTF-8) key strings.
    func mapEntries() throws -> [(key: String, value: FlexReference)] {
        guard kind == .map else { throw ModelFormatError.badFlexBuffer(offset: position, reason: "type \(typeCode) is not a map") }
        let data = try indirect()
        let width = byteWidth
        let count = try sizePrefix(data, width: width)
        guard count <= reader.limits.maxVectorLength else {
            throw ModelFormatError.tooLarge(what: "FlexBuffer map size", value: count, limit: reader.limits.maxVectorLength)
        }
        guard data >= 3 * width else { throw ModelFormatError.badFlexBuffer(offset: data, reason: "map header before the buffer") }
        let keysSlot = data - 3 * width
        let keysOffset = try reader.unsigned(keysSlot, width: width)
        guard keysOffset <= UInt64(keysSlot) else {
            throw ModelFormatError.badFlexBuffer(offset: keysSlot, reason: "key vector offset \(keysOffset) points before the buffer")
        }
        let keys = keysSlot - Int(keysOffset)
        let keyWidth = Int(clamping: try reader.unsigned(data - 2 * width, width: width))
        guard [1, 2, 4, 8].contains(keyWidth) else {
            throw ModelFormatError.badFlexBuffer(offset: data - 2 * width, reason: "key width \(keyWidth)")
        }
        // Values, then one packed type byte per value.
        let valueBytes = try Checked.multiply(count, width, "FlexBuffer map")
        try reader.checkRange(data, try Checked.add(valueBytes, count, "FlexBuffer map"))
        try reader.checkRange(keys, try Checked.multiply(count, keyWidth, "FlexBuffer keys"))
        try reader.budget.spend(count)
        var entries: [(key: String, value: FlexReference)] = []
        entries.reserveCapacity(count)
        for i in 0 ..< count {
            let slot = keys + i * keyWidth
            let offset = try reader.unsigned(slot, width: keyWidth)
            guard offset <= UInt64(slot) else {
                throw ModelFormatError.badFlexBuffer(offset: slot, reason: "key offset \(offset) points before the buffer")
            }
            let key = try cString(at: slot - Int(offset))
            let packed = try reader.u8(data + valueBytes + i)
            entries.append((key, FlexReference(reader: reader, position: data + i * width, parentWidth: width, packedType: packed)))
        }
        return entries
    }

    /// The value stored under `key` in a map, or nil.
    func value(forKey key: String) throws -> FlexReference? {
        try mapEntries().first { $0.key == key }?.value
    }

    /// A zero-terminated key string, scanned no further than 4 KiB.
    private func cString(at start: Int) throws -> String {
        let limit = min(reader.count, start + 4096)
        var end = start
        while end < limit, try reader.u8(end) != 0 { end += 1 }
        guard end < limit else { throw ModelFormatError.badFlexBuffer(offset: start, reason: "unterminated key") }
        try reader.budget.spend(1 + (end - start) / 8)
        return String(decoding: reader.bytes[start ..< end], as: UTF8.self)
    }
}
