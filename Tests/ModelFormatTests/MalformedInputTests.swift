import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

/// Parses `bytes`; a `ModelFormatError` or a model are both fine, and an accepted model must survive every
/// consumer in this module. Any other outcome is recorded as an issue.
private func parseNeverCrashes(_ bytes: [UInt8], _ what: @autoclosure () -> String) {
    do {
        let model = try TFLiteModel(bytes: bytes)
        _ = model.cost()
        _ = model.edgeTPUCompatibility()
        _ = try? model.edgeTPUPlacement()
        _ = InspectReport(model: model).renderText(showOps: true)
    } catch is ModelFormatError {
        // expected
    } catch {
        Issue.record("\(what()): unexpected error \(error)")
    }
}

/// Writes a little-endian 32-bit value.
private func poke(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
    for i in 0 ..< 4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
}

@Suite("Malformed input never traps", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct MalformedInputTests {
    let iris: [UInt8]

    init() throws {
        iris = try Fixtures.modelBytes("iris_lite.tflite")
    }

    /// Tables of the Iris model reached through the internal reader, to aim mutations at known fields.
    private func tables() throws -> (root: FlatTable, subgraph: FlatTable, operators: [FlatTable], tensors: [FlatTable]) {
        let reader = try ByteReader(bytes: iris, limits: .default)
        let root = try reader.rootTable(identifier: "TFL3", name: "Model")
        let subgraph = try #require(try root.tables(2, "subgraphs").first)
        return (root, subgraph, try subgraph.tables(3, "operators"), try subgraph.tables(0, "tensors"))
    }

    @Test("the Iris model truncated at every length throws or parses")
    func truncation() {
        for length in 0 ..< iris.count {
            parseNeverCrashes(Array(iris[..<length]), "truncated to \(length)")
        }
    }

    @Test("fewer than 8 bytes is truncated at offset 0")
    func tooShort() {
        for length in 0 ..< 8 {
            #expect(throws: ModelFormatError.truncated(offset: 0, needed: 8, available: length)) {
                try TFLiteModel(bytes: Array(iris[..<length]))
            }
        }
    }

    @Test("every byte of the Iris model flipped (first 64 bytes, vtables and all the rest) throws or parses")
    func byteFlips() {
        var mutated = iris
        for offset in 0 ..< iris.count {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                mutated[offset] = iris[offset] ^ mask
                parseNeverCrashes(mutated, "byte \(offset) ^ \(mask)")
            }
            mutated[offset] = iris[offset]
        }
    }

    @Test("every vtable entry set to extreme values throws or parses")
    func vtableExtremes() throws {
        let t = try tables()
        let vtables = Set(([t.root, t.subgraph] + t.operators + t.tensors).map { ($0.vtable, $0.vtableSize) }.map { [$0.0, $0.1] })
        var mutated = iris
        for pair in vtables {
            let (vtable, size) = (pair[0], pair[1])
            for offset in stride(from: vtable, to: vtable + size, by: 2) {
                for value: [UInt8] in [[0, 0], [0xFF, 0xFF], [0x04, 0x00], [0xFC, 0x7F]] {
                    mutated[offset] = value[0]
                    mutated[offset + 1] = value[1]
                    parseNeverCrashes(mutated, "vtable \(vtable) entry \(offset) = \(value)")
                }
                mutated[offset] = iris[offset]
                mutated[offset + 1] = iris[offset + 1]
            }
        }
    }

    @Test("random multi-byte corruptions (seeded) throw or parse")
    func randomCorruption() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for round in 0 ..< 3000 {
            var mutated = iris
            for _ in 0 ... (next() % 4) {
                mutated[next() % mutated.count] = UInt8(truncatingIfNeeded: next())
            }
            parseNeverCrashes(mutated, "random round \(round)")
        }
    }

    @Test("a foreign file identifier is badIdentifier")
    func identifier() {
        var bytes = iris
        bytes.replaceSubrange(4 ..< 8, with: Array("PK\u{3}\u{4}".utf8))
        #expect(throws: ModelFormatError.badIdentifier(found: "PK??", expected: "TFL3")) { try TFLiteModel(bytes: bytes) }
    }

    @Test("a root offset past the end is offsetOutOfRange")
    func rootOffset() {
        var bytes = iris
        poke(&bytes, 0, 0xFFFF_FF00)
        #expect(throws: ModelFormatError.offsetOutOfRange(field: "Model root", offset: 0xFFFF_FF00, size: iris.count)) {
            try TFLiteModel(bytes: bytes)
        }
    }

    @Test("a vtable outside the buffer is badVTable")
    func vtableOutside() throws {
        let root = try tables().root
        var bytes = iris
        poke(&bytes, root.position, UInt32(bitPattern: Int32(-0x10000)))
        #expect(throws: ModelFormatError.badVTable(tableOffset: root.position, vtableOffset: root.position + 0x10000,
                                                   reason: "vtable lies outside the buffer")) {
            try TFLiteModel(bytes: bytes)
        }
    }

    @Test("schema version 4 is unsupportedSchemaVersion")
    func schemaVersion() throws {
        let position = try #require(try tables().root.fieldPosition(0, size: 4))
        var bytes = iris
        poke(&bytes, position, 4)
        #expect(throws: ModelFormatError.unsupportedSchemaVersion(found: 4, supported: 3)) { try TFLiteModel(bytes: bytes) }
    }

    @Test("an operator input past the tensor list is invalidIndex")
    func operatorInput() throws {
        let t = try tables()
        let inputs = try #require(try t.operators[0].vector(1, "inputs", elementSize: 4))
        var bytes = iris
        poke(&bytes, inputs.start, 99)
        #expect(throws: ModelFormatError.invalidIndex(kind: "tensor", index: 99, count: t.tensors.count)) {
            try TFLiteModel(bytes: bytes)
        }
    }

    @Test("an operator code index past the table is invalidIndex")
    func opcodeIndex() throws {
        let t = try tables()
        let op = try #require(t.operators.first { (try? $0.fieldPosition(0, size: 4)) != nil })
        let position = try #require(try op.fieldPosition(0, size: 4))
        let codes = try t.root.tables(1, "operator_codes").count
        var bytes = iris
        poke(&bytes, position, 7)
        #expect(throws: ModelFormatError.invalidIndex(kind: "operator code", index: 7, count: codes)) {
            try TFLiteModel(bytes: bytes)
        }
    }

    @Test("a negative dimension is invalidShape; a weight reshaped away from its data is bufferSizeMismatch")
    func shapes() throws {
        let model = try TFLiteModel(bytes: iris)
        let weight = try #require(model.mainSubgraph.tensors.first { $0.isConstant && $0.shape.count == 2 })
        let table = try tables().tensors[weight.index]
        let shape = try #require(try table.vector(0, "shape", elementSize: 4))

        var negative = iris
        poke(&negative, shape.start, UInt32(bitPattern: -3))
        #expect(throws: ModelFormatError.invalidShape(tensor: weight.index, shape: [-3, weight.shape[1]])) {
            try TFLiteModel(bytes: negative)
        }

        var bigger = iris
        poke(&bigger, shape.start, UInt32(weight.shape[0] + 1))
        #expect(throws: ModelFormatError.bufferSizeMismatch(tensor: weight.index, expected: 4 * (weight.shape[0] + 1) * weight.shape[1],
                                                            actual: 4 * weight.elementCount)) {
            try TFLiteModel(bytes: bigger)
        }

        var huge = iris
        poke(&huge, shape.start, 0x7FFF_FFFF)
        #expect(throws: ModelFormatError.tooLarge(what: "element count of tensor \(weight.index)",
                                                  value: 0x7FFF_FFFF * weight.shape[1], limit: 1 << 31)) {
            try TFLiteModel(bytes: huge)
        }
    }

    @Test("limits are enforced: file size, vector length, depth")
    func limits() {
        #expect(throws: ModelFormatError.tooLarge(what: "file size", value: iris.count, limit: 100)) {
            try TFLiteModel(bytes: iris, limits: ReaderLimits(maxTotalSize: 100))
        }
        #expect(throws: ModelFormatError.tooDeep(depth: 3, limit: 2)) {
            try TFLiteModel(bytes: iris, limits: ReaderLimits(maxDepth: 2))
        }
        #expect {
            try TFLiteModel(bytes: iris, limits: ReaderLimits(maxVectorLength: 2))
        } throws: { error in
            guard case .tooLarge(let what, _, 2)? = error as? ModelFormatError else { return false }
            return what.hasPrefix("length of")
        }
    }

    @Test("every byte of the metadata buffer flipped throws or parses")
    func metadataFlips() throws {
        let model = try Fixtures.tfliteModel("tf2_mobilenet_v2_1.0_224_ptq.tflite")
        let original = Array(try #require(model.metadataBuffer(named: ModelMetadata.entryName)))
        var mutated = original
        for offset in 0 ..< original.count {
            for mask: UInt8 in [0x01, 0xFF] {
                mutated[offset] = original[offset] ^ mask
                do { _ = try ModelMetadata(bytes: mutated) } catch is ModelFormatError {} catch {
                    Issue.record("metadata byte \(offset): \(error)")
                }
            }
            mutated[offset] = original[offset]
        }
        for length in 0 ..< original.count {
            do { _ = try ModelMetadata(bytes: Array(original[..<length])) } catch is ModelFormatError {} catch {
                Issue.record("metadata truncated to \(length): \(error)")
            }
        }
    }

    @Test("Edge TPU custom options and packages, truncated and flipped, throw or parse")
    func edgeTPUPackageMutations() throws {
        let model = try Fixtures.tfliteModel("keras_lstm_mnist_ptq_edgetpu.tflite")
        let options = Array(try #require(model.customOptions(of: model.mainSubgraph.operators[0])))
        func check(_ bytes: [UInt8], _ what: String) {
            do { _ = try EdgeTPUPackage(customOptions: bytes[...]) } catch is ModelFormatError {} catch {
                Issue.record("\(what): \(error)")
            }
        }
        // The FlexBuffer map and trailer live at the end.
        var mutated = options
        for offset in (options.count - 96) ..< options.count {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                mutated[offset] = options[offset] ^ mask
                check(mutated, "options byte \(offset) ^ \(mask)")
            }
            mutated[offset] = options[offset]
        }
        for length in stride(from: 0, to: options.count, by: 997) {
            check(Array(options[..<length]), "options truncated to \(length)")
        }
        // The DWN1 package: its header, root table and vtables sit in the first bytes.
        let entry = try #require(try FlexReference.root(of: ByteReader(bytes: options, limits: .default)).value(forKey: "4"))
        let package = Array(options[try entry.byteRange()])
        var flipped = package
        for offset in 0 ..< 192 {
            flipped[offset] = package[offset] ^ 0xFF
            do { _ = try EdgeTPUPackage(packageBytes: flipped) } catch is ModelFormatError {} catch {
                Issue.record("package byte \(offset): \(error)")
            }
            flipped[offset] = package[offset]
        }
    }
}
