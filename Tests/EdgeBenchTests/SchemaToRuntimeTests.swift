import EdgeBench
import LiteRT
import ModelFormat
import Testing

/// The model file's tensor vocabulary (`SchemaTensorType`, `SchemaQuantization`) and the runtime's
/// (`ElementType`, `PerTensorQuantization`) number things differently; one conversion joins them.
@Suite("Converting the file's tensor vocabulary to the runtime's")
struct SchemaToRuntimeTests {
    /// Every type the schema names (tflite::TensorType 0...18).
    static let schemaTypes = (Int8(0)...18).map { SchemaTensorType(rawValue: $0) }

    @Test("every schema type becomes the runtime type of the same name and element size", arguments: schemaTypes)
    func everyType(_ schema: SchemaTensorType) throws {
        let runtime = try #require(ElementType(schema), "\(schema) has no runtime counterpart")
        #expect(runtime.description == schema.name)
        #expect(runtime.byteSize == schema.byteSize, "\(schema)")
    }

    @Test("the conversion is one to one, and it renumbers: the schema's numbers are not the runtime's")
    func oneToOne() throws {
        let converted = try Self.schemaTypes.map { try #require(ElementType($0)) }
        #expect(Set(converted).count == Self.schemaTypes.count)
        #expect(!converted.contains(ElementType.none), "no file type means 'no type'")
        #expect(ElementType(.float32) == .float32 && SchemaTensorType.float32.rawValue == 0 && ElementType.float32.rawValue == 1)
        let sameNumber = Self.schemaTypes.filter { Int32($0.rawValue) == ElementType($0)?.rawValue }.map(\.name)
        #expect(sameNumber == ["int32", "uint8", "int64", "string", "bool", "int16", "complex64", "int8"],
                "only these happen to share a number; a raw-value cast would mistype every other type")
    }

    @Test("a schema number this version does not name has no runtime type", arguments: [Int8(19), 20, 100, 127, -1, -128])
    func unknownType(_ raw: Int8) {
        #expect(ElementType(SchemaTensorType(rawValue: raw)) == nil)
    }

    @Test("a per-tensor record becomes the runtime's per-tensor parameters")
    func perTensor() {
        #expect(PerTensorQuantization(SchemaQuantization(scales: [0.0078125], zeroPoints: [128]))
                == PerTensorQuantization(scale: 0.0078125, zeroPoint: 128))
        #expect(PerTensorQuantization(SchemaQuantization(scales: [0.5], zeroPoints: [-128], min: [-64], max: [63.5]))
                == PerTensorQuantization(scale: 0.5, zeroPoint: -128), "the calibration range is the file's alone")
        #expect(PerTensorQuantization(SchemaQuantization(scales: [0.25], zeroPoints: []))
                == PerTensorQuantization(scale: 0.25, zeroPoint: 0), "a missing zero point is 0")
    }

    @Test("per-channel records and records without a scale have no per-tensor parameters")
    func notPerTensor() {
        #expect(PerTensorQuantization(SchemaQuantization(scales: [0.5, 0.25, 0.125], zeroPoints: [0, 0, 0], quantizedDimension: 3)) == nil)
        #expect(PerTensorQuantization(SchemaQuantization(scales: [], zeroPoints: [])) == nil)
        #expect(PerTensorQuantization(SchemaQuantization(scales: [0.5], zeroPoints: [1, 2])) == nil)
    }
}
