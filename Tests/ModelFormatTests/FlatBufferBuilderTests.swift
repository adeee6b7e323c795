import Testing
@testable import ModelFormat

@Suite("FlatBufferBuilder")
struct FlatBufferBuilderTests {
    /// Reads the root table of `bytes` with the module's checked reader.
    static func root(_ bytes: [UInt8], identifier: String? = nil) throws -> FlatTable {
        try ByteReader(bytes: bytes, limits: .default).rootTable(identifier: identifier, name: "root")
    }

    @Test("scalars of every width read back, and defaults are omitted")
    func scalars() throws {
        var b = FlatBufferBuilder()
        b.startTable()
        b.add(0, Int8(-5), default: 0)
        b.add(1, UInt16(0xBEEF), default: 0)
        b.add(2, Int32(-123_456), default: 0)
        b.add(3, UInt64(0x0123_4567_89AB_CDEF), default: 0)
        b.add(4, Float(3.25), default: 0)
        b.add(5, true, default: false)
        b.add(6, Int32(7), default: 7) // equal to the default: not written
        let bytes = b.finish(root: b.endTable())
        let table = try Self.root(bytes)
        #expect(try table.scalar(0, default: Int8(0)) == -5)
        #expect(try table.scalar(1, default: UInt16(0)) == 0xBEEF)
        #expect(try table.scalar(2, default: Int32(0)) == -123_456)
        #expect(try table.scalar(3, default: UInt64(0)) == 0x0123_4567_89AB_CDEF)
        #expect(try table.float(4, default: 0) == 3.25)
        #expect(try table.bool(5, default: false))
        #expect(try table.has(6) == false)
        #expect(try table.scalar(6, default: Int32(7)) == 7)
        #expect(bytes.count % 8 == 0, "the buffer is padded to its largest alignment")
    }

    @Test("strings, vectors and nested tables read back")
    func strings() throws {
        var b = FlatBufferBuilder()
        let name = b.createString("héllo, TFLite")
        let empty = b.createString("")
        let ints = b.createVector([Int32(1), -2, 3])
        let floats = b.createVector([Float(0.5), -1.5])
        let longs = b.createVector([Int64(-1), 1 << 40])
        b.startTable()
        b.add(0, Int32(42), default: nil)
        let child = b.endTable()
        let names = [b.createString("a"), b.createString("bc")]
        let nameVector = b.createVector(offsets: names)
        b.startTable()
        b.add(0, offset: name)
        b.add(1, offset: empty)
        b.add(2, offset: ints)
        b.add(3, offset: floats)
        b.add(4, offset: longs)
        b.add(5, offset: child)
        b.add(6, offset: nameVector)
        let bytes = b.finish(root: b.endTable())

        let table = try Self.root(bytes)
        #expect(try table.string(0, "name") == "héllo, TFLite")
        #expect(try table.string(1, "empty") == "")
        #expect(try table.ints(2, "ints", as: Int32.self) == [1, -2, 3])
        #expect(try table.floats(3, "floats") == [0.5, -1.5])
        #expect(try table.int64s(4, "longs") == [-1, 1 << 40])
        #expect(try table.table(5, "child")?.scalar(0, default: Int32(0)) == 42)
        #expect(try table.strings(6, "names") == ["a", "bc"])
    }

    @Test("vectors of tables read back in order")
    func tableVectors() throws {
        var b = FlatBufferBuilder()
        let children: [FlatBufferBuilder.Offset] = (0 ..< 5).map { i in
            b.startTable()
            b.add(0, Int32(i * 10), default: nil)
            return b.endTable()
        }
        let vector = b.createVector(offsets: children)
        b.startTable()
        b.add(0, offset: vector)
        let bytes = b.finish(root: b.endTable())
        let values = try Self.root(bytes).tables(0, "children").map { try $0.scalar(0, default: Int32(-1)) }
        #expect(values == [0, 10, 20, 30, 40])
    }

    @Test("identical vtables are shared when deduplication is on")
    func vtableDeduplication() throws {
        func build(deduplicate: Bool) throws -> [UInt8] {
            var b = FlatBufferBuilder(deduplicatesVTables: deduplicate)
            let children: [FlatBufferBuilder.Offset] = (0 ..< 20).map { i in
                b.startTable()
                b.add(0, Int32(i), default: nil)
                b.add(1, Int8(1), default: nil)
                return b.endTable()
            }
            let vector = b.createVector(offsets: children)
            b.startTable()
            b.add(0, offset: vector)
            let bytes = b.finish(root: b.endTable())
            let values = try Self.root(bytes).tables(0, "children").map { try $0.scalar(0, default: Int32(-1)) }
            #expect(values == Array(0 ..< 20))
            return bytes
        }
        let shared = try build(deduplicate: true)
        let separate = try build(deduplicate: false)
        #expect(shared.count < separate.count)
    }

    @Test("byte vectors are aligned as asked, and the file identifier is written")
    func alignmentAndIdentifier() throws {
        var b = FlatBufferBuilder()
        _ = b.createString("x") // leave the buffer at an odd size
        let data = b.createByteVector([UInt8](1 ... 37), alignment: 16)
        b.startTable()
        b.add(0, offset: data)
        let bytes = b.finish(root: b.endTable(), fileIdentifier: "TFL3")
        #expect(Array(bytes[4 ..< 8]) == Array("TFL3".utf8))
        let table = try Self.root(bytes, identifier: "TFL3")
        let range = try #require(try table.byteRange(0, "data"))
        #expect(range.lowerBound % 16 == 0)
        #expect(Array(bytes[range]) == [UInt8](1 ... 37))
        #expect(throws: ModelFormatError.badIdentifier(found: "TFL3", expected: "XXXX")) {
            _ = try Self.root(bytes, identifier: "XXXX")
        }
    }

    @Test("a buffer larger than the initial capacity grows without losing data")
    func growth() throws {
        var b = FlatBufferBuilder(initialCapacity: 16)
        let big = [UInt8](repeating: 0xAB, count: 100_000)
        let data = b.createByteVector(big, alignment: 16)
        let text = b.createString(String(repeating: "z", count: 5000))
        b.startTable()
        b.add(0, offset: data)
        b.add(1, offset: text)
        let bytes = b.finish(root: b.endTable())
        let table = try Self.root(bytes)
        let range = try #require(try table.byteRange(0, "data"))
        #expect(range.count == big.count && bytes[range].allSatisfy { $0 == 0xAB })
        #expect(try table.string(1, "text")?.count == 5000)
    }
}
