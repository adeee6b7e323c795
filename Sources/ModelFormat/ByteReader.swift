/// Limits that bound the work and memory a hostile model file can make the reader spend.
///
/// The defaults accept every real TFLite model (including >2 GB ones with external buffers) while
/// refusing files built to exhaust memory or time.
public struct ReaderLimits: Sendable, Equatable {
    /// Deepest nesting of tables (and FlexBuffer containers) followed from the root.
    public var maxDepth: Int
    /// Most elements in any vector of tables, scalars or strings (byte vectors are bounded by the file size).
    public var maxVectorLength: Int
    /// Largest input accepted, in bytes.
    public var maxTotalSize: Int
    /// Most dimensions a tensor shape may have.
    public var maxRank: Int
    /// Most elements a single tensor may have (LiteRT sizes tensors with 32-bit arithmetic in places).
    public var maxElementCount: Int
    /// Elements the reader may decode per byte of input before it gives up (guards against shared sub-tables
    /// referenced millions of times); an honest file decodes each element about once.
    public var workPerByte: Int

    /// Creates limits; every parameter has a default suitable for real models.
    public init(maxDepth: Int = 32, maxVectorLength: Int = 1 << 24, maxTotalSize: Int = 1 << 34,
                maxRank: Int = 16, maxElementCount: Int = 1 << 31, workPerByte: Int = 8) {
        self.maxDepth = maxDepth
        self.maxVectorLength = maxVectorLength
        self.maxTotalSize = maxTotalSize
        self.maxRank = maxRank
        self.maxElementCount = maxElementCount
        self.workPerByte = workPerByte
    }

    /// The default limits.
    public static let `default` = ReaderLimits()
}

/// Counts the elements decoded during one parse; shared by all readers of that parse. Not thread-safe:
/// one parse runs on one thread.
final class WorkBudget {
    private(set) var remaining: Int
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        self.remaining = limit
    }

    func spend(_ amount: Int) throws {
        guard amount >= 0, amount <= remaining else { throw ModelFormatError.workBudgetExceeded(limit: limit) }
        remaining -= amount
    }
}

/// Checked integer arithmetic on values that came from a file.
enum Checked {
    static func add(_ a: Int, _ b: Int, _ what: @autoclosure () -> String) throws -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        guard !o else { throw ModelFormatError.tooLarge(what: what(), value: Int.max, limit: Int.max) }
        return r
    }

    static func multiply(_ a: Int, _ b: Int, _ what: @autoclosure () -> String) throws -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        guard !o else { throw ModelFormatError.tooLarge(what: what(), value: Int.max, limit: Int.max) }
        return r
    }
}

/// The one bounds-checked reader of untrusted bytes: every read checks its range in subtraction form
/// (`offset <= count - length`) before touching memory, and reports a `ModelFormatError` otherwise.
struct ByteReader {
    let bytes: [UInt8]
    let limits: ReaderLimits
    let budget: WorkBudget

    /// Creates a reader over `bytes` with its own work budget.
    /// - Throws: `ModelFormatError.tooLarge` when `bytes` exceeds `limits.maxTotalSize`.
    init(bytes: [UInt8], limits: ReaderLimits) throws {
        guard bytes.count <= limits.maxTotalSize else {
            throw ModelFormatError.tooLarge(what: "file size", value: bytes.count, limit: limits.maxTotalSize)
        }
        self.bytes = bytes
        self.limits = limits
        let perByte = max(1, limits.workPerByte)
        let (scaled, overflow) = bytes.count.multipliedReportingOverflow(by: perByte)
        self.budget = WorkBudget(limit: overflow ? Int.max : max(1 << 20, scaled))
    }

    /// Creates a reader over a nested buffer that shares the work budget of its parent.
    init(nested bytes: [UInt8], parent: ByteReader) {
        self.bytes = bytes
        self.limits = parent.limits
        self.budget = parent.budget
    }

    var count: Int { bytes.count }

    /// Throws unless `offset..<offset+length` lies inside the buffer.
    func checkRange(_ offset: Int, _ length: Int) throws {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            let available = (offset >= 0 && offset <= count) ? count - offset : 0
            throw ModelFormatError.truncated(offset: offset, needed: length, available: available)
        }
    }

    /// Reads a little-endian integer at `offset`.
    func load<T: FixedWidthInteger>(_ offset: Int, as type: T.Type) throws -> T {
        try checkRange(offset, MemoryLayout<T>.size)
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        return T(littleEndian: raw)
    }

    func u8(_ offset: Int) throws -> UInt8 { try load(offset, as: UInt8.self) }
    func u16(_ offset: Int) throws -> UInt16 { try load(offset, as: UInt16.self) }
    func u32(_ offset: Int) throws -> UInt32 { try load(offset, as: UInt32.self) }
    func i32(_ offset: Int) throws -> Int32 { try load(offset, as: Int32.self) }
    func u64(_ offset: Int) throws -> UInt64 { try load(offset, as: UInt64.self) }
    func i64(_ offset: Int) throws -> Int64 { try load(offset, as: Int64.self) }
    func f32(_ offset: Int) throws -> Float { Float(bitPattern: try u32(offset)) }
    func f64(_ offset: Int) throws -> Double { Double(bitPattern: try u64(offset)) }

    /// Reads an unsigned integer of `width` bytes (1, 2, 4 or 8) as a UInt64.
    func unsigned(_ offset: Int, width: Int) throws -> UInt64 {
        switch width {
        case 1: return UInt64(try u8(offset))
        case 2: return UInt64(try u16(offset))
        case 4: return UInt64(try u32(offset))
        case 8: return try u64(offset)
        default: throw ModelFormatError.tooLarge(what: "scalar width", value: width, limit: 8)
        }
    }

    /// Reads a signed integer of `width` bytes (1, 2, 4 or 8) as an Int64.
    func signed(_ offset: Int, width: Int) throws -> Int64 {
        switch width {
        case 1: return Int64(try load(offset, as: Int8.self))
        case 2: return Int64(try load(offset, as: Int16.self))
        case 4: return Int64(try i32(offset))
        case 8: return try i64(offset)
        default: throw ModelFormatError.tooLarge(what: "scalar width", value: width, limit: 8)
        }
    }

    /// Copies `length` bytes at `offset`.
    func slice(_ offset: Int, _ length: Int) throws -> ArraySlice<UInt8> {
        try checkRange(offset, length)
        return bytes[offset ..< offset + length]
    }
}
