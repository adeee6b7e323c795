/// Checked access to FlatBuffers tables, vectors and strings on top of `ByteReader`.
///
/// Layout reminders: a buffer starts with a 32-bit offset to the root table, optionally followed by a
/// 4-byte file identifier. A table starts with a signed 32-bit offset back to its vtable
/// (`vtable = table - soffset`); a vtable holds its own size, the table's inline size and one 16-bit
/// offset per field (0 = absent). Offsets to tables, vectors and strings are unsigned 32-bit values relative
/// to where they are stored. Vectors and strings start with a 32-bit element count; strings end with a 0 byte.
extension ByteReader {
    /// Returns the root table, checking the file identifier when one is expected.
    /// - Throws: `truncated` for buffers shorter than 8 bytes, `badIdentifier`, or any table error.
    func rootTable(identifier: String?, name: String) throws -> FlatTable {
        guard count >= 8 else { throw ModelFormatError.truncated(offset: 0, needed: 8, available: count) }
        if let identifier {
            let found = try slice(4, 4)
            let expected = Array(identifier.utf8)
            if !found.elementsEqual(expected) {
                let text = String(decoding: found.map { ($0 >= 0x20 && $0 < 0x7F) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
                throw ModelFormatError.badIdentifier(found: text, expected: identifier)
            }
        }
        let root = Int(try u32(0))
        guard root < count else { throw ModelFormatError.offsetOutOfRange(field: "\(name) root", offset: root, size: count) }
        return try table(at: root, depth: 1, name: name)
    }

    /// Whether the buffer carries `identifier` at bytes 4..<8.
    func hasIdentifier(_ identifier: String) -> Bool {
        guard let found = try? slice(4, 4) else { return false }
        return found.elementsEqual(identifier.utf8)
    }

    /// Returns the table at `position`, checking its vtable.
    func table(at position: Int, depth: Int, name: String) throws -> FlatTable {
        guard depth <= limits.maxDepth else { throw ModelFormatError.tooDeep(depth: depth, limit: limits.maxDepth) }
        let soffset = Int(try i32(position))
        let vtable = position - soffset // both fit in 33 bits: no overflow on 64-bit Int
        guard vtable >= 0, vtable <= count - 4 else {
            throw ModelFormatError.badVTable(tableOffset: position, vtableOffset: vtable, reason: "vtable lies outside the buffer")
        }
        let vtableSize = Int(try u16(vtable))
        let objectSize = Int(try u16(vtable + 2))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtableSize <= count - vtable else {
            throw ModelFormatError.badVTable(tableOffset: position, vtableOffset: vtable,
                                             reason: "vtable size \(vtableSize) is invalid")
        }
        guard objectSize >= 4, objectSize <= count - position else {
            throw ModelFormatError.badVTable(tableOffset: position, vtableOffset: vtable,
                                             reason: "table size \(objectSize) runs past the buffer")
        }
        try budget.spend(1 + vtableSize / 2)
        return FlatTable(reader: self, position: position, vtable: vtable, vtableSize: vtableSize,
                         objectSize: objectSize, depth: depth, name: name)
    }

    /// Follows the unsigned 32-bit offset stored at `position`.
    func follow(_ position: Int, field: @autoclosure () -> String) throws -> Int {
        let target = position + Int(try u32(position))
        guard target < count else { throw ModelFormatError.offsetOutOfRange(field: field(), offset: target, size: count) }
        return target
    }

    /// Reads the zero-terminated, length-prefixed string at `position`.
    func string(at position: Int) throws -> String {
        let length = Int(try u32(position))
        try checkRange(position + 4, length)
        guard length < count - (position + 4), try u8(position + 4 + length) == 0 else {
            throw ModelFormatError.unterminatedString(offset: position)
        }
        try budget.spend(1 + length / 8)
        return String(decoding: bytes[(position + 4) ..< (position + 4 + length)], as: UTF8.self)
    }

    /// Returns the vector at `position` whose elements are `elementSize` bytes.
    /// - Parameter structured: when true, the element count is bounded by `limits.maxVectorLength`.
    func vector(at position: Int, elementSize: Int, structured: Bool, field: @autoclosure () -> String) throws -> FlatVector {
        let length = Int(try u32(position))
        if structured, length > limits.maxVectorLength {
            throw ModelFormatError.tooLarge(what: "length of \(field())", value: length, limit: limits.maxVectorLength)
        }
        let byteCount = try Checked.multiply(length, elementSize, "size of \(field())")
        try checkRange(position + 4, byteCount)
        return FlatVector(reader: self, start: position + 4, count: length, elementSize: elementSize)
    }
}

/// A verified table: its vtable and inline size have been checked against the buffer.
struct FlatTable {
    let reader: ByteReader
    let position: Int
    let vtable: Int
    let vtableSize: Int
    let objectSize: Int
    let depth: Int
    let name: String

    /// The absolute position of field `id` when present, checked to fit `size` bytes inside the table.
    func fieldPosition(_ id: Int, size: Int) throws -> Int? {
        let entry = 4 + 2 * id
        guard entry <= vtableSize - 2 else { return nil }
        let offset = Int(try reader.u16(vtable + entry))
        guard offset != 0 else { return nil }
        guard offset >= 4, size <= objectSize, offset <= objectSize - size else {
            throw ModelFormatError.badVTable(tableOffset: position, vtableOffset: vtable,
                                             reason: "\(name) field \(id) at \(offset) (\(size) bytes) exceeds the table size \(objectSize)")
        }
        return position + offset
    }

    func has(_ id: Int) throws -> Bool { try fieldPosition(id, size: 1) != nil }

    func scalar<T: FixedWidthInteger>(_ id: Int, default value: T) throws -> T {
        guard let p = try fieldPosition(id, size: MemoryLayout<T>.size) else { return value }
        return try reader.load(p, as: T.self)
    }

    func float(_ id: Int, default value: Float) throws -> Float {
        guard let p = try fieldPosition(id, size: 4) else { return value }
        return try reader.f32(p)
    }

    func bool(_ id: Int, default value: Bool) throws -> Bool {
        guard let p = try fieldPosition(id, size: 1) else { return value }
        return try reader.u8(p) != 0
    }

    /// The target of the offset field `id`, or nil when absent.
    func offsetTarget(_ id: Int, _ field: String) throws -> Int? {
        guard let p = try fieldPosition(id, size: 4) else { return nil }
        return try reader.follow(p, field: "\(name).\(field)")
    }

    func table(_ id: Int, _ field: String) throws -> FlatTable? {
        guard let target = try offsetTarget(id, field) else { return nil }
        return try reader.table(at: target, depth: depth + 1, name: field)
    }

    func string(_ id: Int, _ field: String) throws -> String? {
        guard let target = try offsetTarget(id, field) else { return nil }
        return try reader.string(at: target)
    }

    func vector(_ id: Int, _ field: String, elementSize: Int, structured: Bool = true) throws -> FlatVector? {
        guard let target = try offsetTarget(id, field) else { return nil }
        return try reader.vector(at: target, elementSize: elementSize, structured: structured, field: "\(name).\(field)")
    }

    /// A vector of tables, each checked lazily when accessed.
    func tables(_ id: Int, _ field: String) throws -> [FlatTable] {
        guard let v = try vector(id, field, elementSize: 4) else { return [] }
        try reader.budget.spend(v.count)
        var result: [FlatTable] = []
        result.reserveCapacity(v.count)
        for i in 0 ..< v.count {
            let target = try reader.follow(v.start + 4 * i, field: "\(name).\(field)[\(i)]")
            result.append(try reader.table(at: target, depth: depth + 1, name: field))
        }
        return result
    }

    func strings(_ id: Int, _ field: String) throws -> [String] {
        guard let v = try vector(id, field, elementSize: 4) else { return [] }
        try reader.budget.spend(v.count)
        var result: [String] = []
        result.reserveCapacity(v.count)
        for i in 0 ..< v.count {
            let target = try reader.follow(v.start + 4 * i, field: "\(name).\(field)[\(i)]")
            result.append(try reader.string(at: target))
        }
        return result
    }

    /// Decodes a vector of integers of type `T` as `Int`s.
    func ints<T: FixedWidthInteger>(_ id: Int, _ field: String, as type: T.Type) throws -> [Int]? {
        guard let v = try vector(id, field, elementSize: MemoryLayout<T>.size) else { return nil }
        try reader.budget.spend(v.count)
        var result: [Int] = []
        result.reserveCapacity(v.count)
        for i in 0 ..< v.count {
            let value = try reader.load(v.start + i * MemoryLayout<T>.size, as: T.self)
            guard let asInt = Int(exactly: value) else {
                throw ModelFormatError.tooLarge(what: "\(name).\(field)[\(i)]", value: Int.max, limit: Int.max)
            }
            result.append(asInt)
        }
        return result
    }

    func int64s(_ id: Int, _ field: String) throws -> [Int64]? {
        guard let v = try vector(id, field, elementSize: 8) else { return nil }
        try reader.budget.spend(v.count)
        return try (0 ..< v.count).map { try reader.i64(v.start + 8 * $0) }
    }

    func floats(_ id: Int, _ field: String) throws -> [Float]? {
        guard let v = try vector(id, field, elementSize: 4) else { return nil }
        try reader.budget.spend(v.count)
        return try (0 ..< v.count).map { try reader.f32(v.start + 4 * $0) }
    }

    /// The byte range of a `[ubyte]` field, or nil when absent.
    func byteRange(_ id: Int, _ field: String) throws -> Range<Int>? {
        guard let v = try vector(id, field, elementSize: 1, structured: false) else { return nil }
        return v.start ..< v.start + v.count
    }
}

/// A vector whose element bytes are known to lie inside the buffer.
struct FlatVector {
    let reader: ByteReader
    let start: Int
    let count: Int
    let elementSize: Int
}
