import FixtureSupport
import Testing
@testable import ModelFormat

struct ExpectedPlacement: Sendable, CustomTestStringConvertible {
    let model: String
    let cached: Int
    let streamed: Int
    var testDescription: String { model }
}

@Suite("Edge TPU placement from the file alone", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct EdgeTPUTests {
    @Test("cached and streamed parameter bytes of the compiled fixtures", arguments: [
        ExpectedPlacement(model: "mobilenet_v1_0.25_128_quant_edgetpu.tflite", cached: 518_656, streamed: 0),
        ExpectedPlacement(model: "mobilenet_v1_0.5_160_quant_edgetpu.tflite", cached: 1_425_024, streamed: 0),
        ExpectedPlacement(model: "mobilenet_v2_1.0_224_quant_edgetpu.tflite", cached: 3_900_864, streamed: 0),
        ExpectedPlacement(model: "keras_lstm_mnist_ptq_edgetpu.tflite", cached: 43_968, streamed: 576),
    ])
    func placement(expected: ExpectedPlacement) throws {
        let placement = try #require(try Fixtures.tfliteModel(expected.model).edgeTPUPlacement())
        #expect(placement.cachedParameterBytes == expected.cached)
        #expect(placement.streamedParameterBytes == expected.streamed)
        #expect(placement.subgraphs == 1)
        #expect(placement.cpuOps.isEmpty)
        #expect(placement.minRuntimeVersion == 12)
        #expect(placement.compilerVersion != nil)
        #expect(placement.cachingToken != 0)
    }

    @Test("a package holds an execution-only and a parameter-caching executable sharing one token")
    func executables() throws {
        let placement = try #require(try Fixtures.tfliteModel("mobilenet_v1_0.25_128_quant_edgetpu.tflite").edgeTPUPlacement())
        let package = try #require(placement.packages.first)
        #expect(package.executables.map(\.type) == [.executionOnly, .parameterCaching])
        #expect(Set(package.executables.map(\.parameterCachingToken)) == [0x405f_7e8f_d15e_254b])
        #expect(package.executables.allSatisfy { $0.chip == "beagle" })
    }

    @Test("uncompiled models have no placement")
    func uncompiled() throws {
        #expect(try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite").edgeTPUPlacement() == nil)
    }

    @Test("an 8-bit MobileNet maps entirely and fits the on-chip memory")
    func compatibleModel() throws {
        let report = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite").edgeTPUCompatibility()
        #expect(report.firstUnsupportedOperator == nil)
        #expect(report.mappableOperatorCount == 66)
        #expect(report.parametersFitOnChip)
    }

    @Test("DeepLab: the image-pooling RESIZE_BILINEAR and everything fed by it stay on the CPU, as the compiler did")
    func deeplab() throws {
        let report = try Fixtures.tfliteModel("deeplabv3_mnv2_dm05_pascal_quant.tflite").edgeTPUCompatibility()
        #expect(report.firstUnsupportedOperator == 63)
        #expect(report.operators[63].opcode == "RESIZE_BILINEAR")
        #expect(report.operators[64].supported) // the ASPP 1×1 branch does not depend on the CPU operator
        #expect(report.operators[70].opcode == "ARG_MAX")
        #expect(report.mappableOperatorCount == 64)
    }

    @Test("float models cannot map at all")
    func floatModel() throws {
        let report = try Fixtures.tfliteModel("iris_lite.tflite").edgeTPUCompatibility()
        #expect(report.firstUnsupportedOperator == 0)
        #expect(report.operators[0].reason?.contains("float32") == true)
    }

    @Test("custom options without key 4 are badEdgeTPUPackage")
    func missingPackage() throws {
        // A FlexBuffer holding the map {"1": 0}: key "1\0", keys vector, map header, value, type, root.
        let flex: [UInt8] = [0x31, 0x00,        // key "1"
                             0x01, 0x03,        // keys vector: size 1, offset back to the key
                             0x01, 0x01, 0x01,  // map: keys offset, keys width, size
                             0x00,              // value 0
                             0x04,              // packed type INT, width 1
                             0x02, 0x24, 0x01]  // root: offset 2, MAP width 1, root width 1
        #expect(throws: ModelFormatError.badEdgeTPUPackage(reason: "custom options have no key \"4\"")) {
            try EdgeTPUPackage(customOptions: flex[...])
        }
    }

    @Test("truncated FlexBuffers are badFlexBuffer")
    func shortFlexBuffer() {
        #expect(throws: ModelFormatError.badFlexBuffer(offset: 0, reason: "buffer of 2 bytes is too short")) {
            try EdgeTPUPackage(customOptions: [0x01, 0x01][...])
        }
    }
}
