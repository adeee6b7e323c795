/// Builds a FlatBuffers binary back to front, the way the format is designed to be written.
///
/// Objects are written before the objects that refer to them, so that every stored offset points forward
/// (to a higher address), as the format requires of its unsigned 32-bit offsets. The buffer grows towards
/// lower addresses; an `Offset` is a position measured from the end of the buffer, which stays valid as the
/// buffer grows. `finish(root:fileIdentifier:)` writes the root offset (and the optional 4-byte file
/// identifier) and returns the bytes.
///
/// Supported: tables with vtables (identical vtables are shared when `deduplicatesVTables`), vectors of
/// scalars, of offsets (tables and strings) and of bytes with a chosen alignment, and strings. Structs are
/// not needed by the TFLite schema parts this module writes and are not supported.
///
/// Misuse (adding a field outside a table, nesting a table inside another, a string or vector created while
/// a table is open, a buffer beyond 2 GiB) is a programming error and traps; `TFLiteWriter` checks model
/// sizes before it builds.
/// A value type with no shared state: not safe to mutate from two threads, safe to move between them.
public struct FlatBufferBuilder: Sendable {
    /// A position in the finished buffer, measured from its end.
    public struct Offset: Hashable, Sendable {
        public let value: Int
        init(_ value: Int) { self.value = value }
    }

    /// The largest buffer the format's 32-bit signed offsets can address.
    public static let maxSize = Int(Int32.max)

    /// The storage; bytes `head ..< storage.count` are the buffer written so far.
    private var storage: [UInt8]
    private var head: Int
    /// The largest alignment any value needed; the finished buffer's size is a multiple of it.
    private var minAlign = 1
    /// Whether a table is open, and field id → offset of the value for the table being built.
    private var tableOpen = false
    private var currentFields: [Int: Int] = [:]
    private var tableStart = 0
    /// Offsets of the vtables written so far, for deduplication.
    private var vtables: [Int] = []
    private var finished = false
    /// Whether identical vtables are written once and shared.
    public let deduplicatesVTables: Bool

    /// Creates an empty builder.
    /// - Parameters:
    ///   - initialCapacity: Bytes reserved up front (the storage doubles as needed).
    ///   - deduplicatesVTables: Whether tables with identical layouts share one vtable.
    public init(initialCapacity: Int = 1024, deduplicatesVTables: Bool = true) {
        let capacity = max(initialCapacity, 64)
        storage = [UInt8](repeating: 0, count: capacity)
        head = capacity
        self.deduplicatesVTables = deduplicatesVTables
    }

    /// Bytes written so far (the current offset from the end).
    public var size: Int { storage.count - head }

    // MARK: - Low level

    /// Makes room for `count` more bytes in front of the buffer.
    private mutating func reserve(_ count: Int) {
        precondition(!finished, "FlatBufferBuilder: the buffer is already finished")
        precondition(count <= Self.maxSize - size, "FlatBufferBuilder: the buffer would exceed 2 GiB")
        guard count > head else { return }
        let used = size
        var capacity = storage.count
        while capacity - used < count { capacity = min(Self.maxSize + 8, capacity * 2) }
        var grown = [UInt8](repeating: 0, count: capacity)
        let newHead = capacity - used
        grown.withUnsafeMutableBytes { target in
            storage.withUnsafeBytes { source in
                guard let to = target.baseAddress, let from = source.baseAddress, used > 0 else { return }
                (to + newHead).copyMemory(from: from + head, byteCount: used)
            }
        }
        storage = grown
        head = newHead
    }

    /// Pads so that, after `additional` more bytes, the next value of `alignment` bytes is aligned.
    private mutating func prepare(_ alignment: Int, _ additional: Int) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0, "FlatBufferBuilder: alignment must be a power of two")
        minAlign = max(minAlign, alignment)
        let padding = (~(size + additional) &+ 1) & (alignment - 1)
        reserve(padding + additional)
        for _ in 0 ..< padding {
            head -= 1
            storage[head] = 0
        }
    }

    /// Writes a little-endian scalar in front of the buffer (space must have been prepared).
    private mutating func place<T: FixedWidthInteger>(_ value: T) {
        let width = MemoryLayout<T>.size
        reserve(width)
        head -= width
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { raw in
            for i in 0 ..< width { storage[head + i] = raw[i] }
        }
    }

    /// Aligns and writes one scalar; returns its offset.
    @discardableResult
    private mutating func push<T: FixedWidthInteger>(_ value: T) -> Int {
        prepare(MemoryLayout<T>.size, 0)
        place(value)
        return size
    }

    /// Writes a forward offset to `target` (which must already be written).
    private mutating func pushOffset(_ target: Offset) {
        prepare(4, 0)
        precondition(target.value <= size, "FlatBufferBuilder: an offset must point to an object already written")
        place(UInt32(size + 4 - target.value))
    }

    private func requireNoOpenTable(_ what: String) {
        precondition(!tableOpen, "FlatBufferBuilder: \(what) cannot be created while a table is open")
    }

    // MARK: - Strings and vectors

    /// Writes a zero-terminated string.
    /// - Parameter string: The text, stored as UTF-8.
    /// - Returns: The string's offset.
    public mutating func createString(_ string: String) -> Offset {
        requireNoOpenTable("a string")
        let utf8 = Array(string.utf8)
        prepare(4, utf8.count + 1)
        place(UInt8(0))
        writeBytes(utf8)
        place(UInt32(utf8.count))
        return Offset(size)
    }

    /// Writes raw bytes in front of the buffer (no alignment).
    private mutating func writeBytes<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let count = bytes.count
        guard count > 0 else { return }
        reserve(count)
        head -= count
        let start = head
        storage.withUnsafeMutableBytes { target in
            guard let base = target.baseAddress else { return }
            let destination = UnsafeMutableRawBufferPointer(start: base + start, count: count)
            if bytes.withContiguousStorageIfAvailable({ destination.copyMemory(from: UnsafeRawBufferPointer($0)) }) == nil {
                for (i, byte) in bytes.enumerated() { destination[i] = byte }
            }
        }
    }

    /// Writes a vector of bytes whose first element is aligned to `alignment` in the finished buffer.
    /// - Parameters:
    ///   - bytes: The elements.
    ///   - alignment: A power of two; TFLite aligns buffer data to 16 bytes.
    /// - Returns: The vector's offset.
    public mutating func createByteVector<C: Collection>(_ bytes: C, alignment: Int = 1) -> Offset where C.Element == UInt8 {
        requireNoOpenTable("a vector")
        let count = bytes.count
        prepare(4, count)
        prepare(alignment, count)
        writeBytes(bytes)
        prepare(4, 0)
        place(UInt32(count))
        return Offset(size)
    }

    /// Writes a vector of integers.
    /// - Parameter values: The elements, stored little-endian.
    /// - Returns: The vector's offset.
    public mutating func createVector<T: FixedWidthInteger>(_ values: [T]) -> Offset {
        requireNoOpenTable("a vector")
        let width = MemoryLayout<T>.size
        prepare(4, width * values.count)
        prepare(width, width * values.count)
        for value in values.reversed() { place(value) }
        place(UInt32(values.count))
        return Offset(size)
    }

    /// Writes a vector of 32-bit floats.
    /// - Parameter values: The elements, stored as IEEE 754 bit patterns.
    /// - Returns: The vector's offset.
    public mutating func createVector(_ values: [Float]) -> Offset {
        createVector(values.map(\.bitPattern))
    }

    /// Writes a vector of offsets to tables or strings written earlier.
    /// - Parameter offsets: The elements.
    /// - Returns: The vector's offset.
    public mutating func createVector(offsets: [Offset]) -> Offset {
        requireNoOpenTable("a vector")
        prepare(4, 4 * offsets.count)
        for offset in offsets.reversed() { pushOffset(offset) }
        place(UInt32(offsets.count))
        return Offset(size)
    }

    // MARK: - Tables

    /// Opens a table; add its fields, then call `endTable()`.
    public mutating func startTable() {
        precondition(!tableOpen, "FlatBufferBuilder: tables cannot nest; create children first")
        tableOpen = true
        currentFields.removeAll(keepingCapacity: true)
        tableStart = size
    }

    private mutating func record(_ field: Int) {
        precondition(tableOpen, "FlatBufferBuilder: add fields between startTable() and endTable()")
        precondition(field >= 0 && field < 0x7FFE, "FlatBufferBuilder: field id \(field) out of range")
        currentFields[field] = size
    }

    /// Adds an integer field, omitted when it equals the schema default (readers then return the default).
    /// - Parameters:
    ///   - field: The field id (its position in the schema, unions taking two).
    ///   - value: The value.
    ///   - defaultValue: The schema default; pass nil to always write the field.
    public mutating func add<T: FixedWidthInteger>(_ field: Int, _ value: T, default defaultValue: T?) {
        if let defaultValue, value == defaultValue { return }
        push(value)
        record(field)
    }

    /// Adds a Boolean field (one byte), omitted when it equals the default.
    public mutating func add(_ field: Int, _ value: Bool, default defaultValue: Bool?) {
        if let defaultValue, value == defaultValue { return }
        push(UInt8(value ? 1 : 0))
        record(field)
    }

    /// Adds a 32-bit float field, omitted when it equals the default.
    public mutating func add(_ field: Int, _ value: Float, default defaultValue: Float?) {
        if let defaultValue, value.bitPattern == defaultValue.bitPattern { return }
        push(value.bitPattern)
        record(field)
    }

    /// Adds a field that refers to a table, string or vector written earlier.
    public mutating func add(_ field: Int, offset: Offset) {
        pushOffset(offset)
        record(field)
    }

    /// Closes the table opened by `startTable()`, writing (or sharing) its vtable.
    /// - Returns: The table's offset.
    public mutating func endTable() -> Offset {
        precondition(tableOpen, "FlatBufferBuilder: endTable() without startTable()")
        let fields = currentFields
        // The table starts with a signed offset to its vtable, patched below.
        push(Int32(0))
        let object = size
        let objectSize = object - tableStart
        precondition(objectSize <= Int(UInt16.max), "FlatBufferBuilder: a table is larger than 64 KiB")
        let fieldCount = (fields.keys.max() ?? -1) + 1
        var vtable = [UInt16](repeating: 0, count: 2 + fieldCount)
        vtable[0] = UInt16(2 * (2 + fieldCount))
        vtable[1] = UInt16(objectSize)
        for (field, offset) in fields { vtable[2 + field] = UInt16(object - offset) }
        tableOpen = false

        if deduplicatesVTables, let existing = vtables.first(where: { vtableMatches(at: $0, vtable) }) {
            patchVTableOffset(object: object, to: Int32(existing - object))
            return Offset(object)
        }
        for entry in vtable.reversed() { place(entry) }
        let vtableOffset = size
        vtables.append(vtableOffset)
        patchVTableOffset(object: object, to: Int32(vtableOffset - object))
        return Offset(object)
    }

    /// Whether the vtable written at `offset` has exactly the entries `vtable`.
    private func vtableMatches(at offset: Int, _ vtable: [UInt16]) -> Bool {
        let position = storage.count - offset
        guard position + 2 * vtable.count <= storage.count else { return false }
        for (i, entry) in vtable.enumerated() {
            let stored = UInt16(storage[position + 2 * i]) | UInt16(storage[position + 2 * i + 1]) << 8
            if stored != entry { return false }
        }
        return true
    }

    /// Stores `vtable position − table position`, measured as the reader computes `table − soffset`.
    private mutating func patchVTableOffset(object: Int, to value: Int32) {
        // Offsets from the end: table position = end − object, vtable position = end − vtableOffset, and the
        // reader finds vtable = table − soffset, so soffset = vtableOffset − object.
        let position = storage.count - object
        let bits = UInt32(bitPattern: value)
        for i in 0 ..< 4 { storage[position + i] = UInt8(truncatingIfNeeded: bits >> (8 * i)) }
    }

    // MARK: - Finishing

    /// Writes the root offset (and the file identifier) and returns the finished buffer.
    /// - Parameters:
    ///   - root: The root table.
    ///   - fileIdentifier: Exactly 4 ASCII characters (e.g. `"TFL3"`), or nil for none.
    /// - Returns: The buffer, its size a multiple of the largest alignment used.
    public mutating func finish(root: Offset, fileIdentifier: String? = nil) -> [UInt8] {
        requireNoOpenTable("the root")
        let identifier = fileIdentifier.map { Array($0.utf8) }
        if let identifier { precondition(identifier.count == 4, "FlatBufferBuilder: a file identifier has 4 bytes") }
        prepare(minAlign, 4 + (identifier == nil ? 0 : 4))
        if let identifier { writeBytes(identifier) }
        pushOffset(root)
        finished = true
        return Array(storage[head...])
    }
}
