import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

/// What LiteRT 2.3 (`ai_edge_litert.interpreter.Interpreter`) reports for a fixture's first input and output.
struct ExpectedIO: Sendable, CustomTestStringConvertible {
    let model: String
    let inputName: String
    let inputType: SchemaTensorType
    let inputShape: [Int]
    let inputScale: Float?
    let inputZeroPoint: Int64?
    let outputType: SchemaTensorType
    let outputShape: [Int]
    var testDescription: String { model }
}

let expectedIO: [ExpectedIO] = [
    .init(model: "mobilenet_v2_1.0_224_quant.tflite", inputName: "input", inputType: .uint8, inputShape: [1, 224, 224, 3],
          inputScale: 0.0078125, inputZeroPoint: 128, outputType: .uint8, outputShape: [1, 1001]),
    .init(model: "mobilenet_v2_1.0_224_quant_edgetpu.tflite", inputName: "input", inputType: .uint8, inputShape: [1, 224, 224, 3],
          inputScale: 0.0078125, inputZeroPoint: 128, outputType: .uint8, outputShape: [1, 1001]),
    .init(model: "mobilenet_v1_0.25_128_quant.tflite", inputName: "input", inputType: .uint8, inputShape: [1, 128, 128, 3],
          inputScale: 0.0078125, inputZeroPoint: 128, outputType: .uint8, outputShape: [1, 1001]),
    .init(model: "mobilenet_v1_0.5_160_quant_edgetpu.tflite", inputName: "input", inputType: .uint8, inputShape: [1, 160, 160, 3],
          inputScale: 0.0078125, inputZeroPoint: 128, outputType: .uint8, outputShape: [1, 1001]),
    .init(model: "tf2_mobilenet_v2_1.0_224_ptq.tflite", inputName: "input", inputType: .uint8, inputShape: [1, 224, 224, 3],
          inputScale: 0.007843137718737125, inputZeroPoint: 127, outputType: .uint8, outputShape: [1, 1001]),
    .init(model: "mobilenet_v2_1.0_224_inat_bird_quant.tflite", inputName: "map/TensorArrayStack/TensorArrayGatherV3",
          inputType: .uint8, inputShape: [1, 224, 224, 3], inputScale: 0.0078125, inputZeroPoint: 128,
          outputType: .uint8, outputShape: [1, 965]),
    .init(model: "deeplabv3_mnv2_dm05_pascal_quant.tflite", inputName: "MobilenetV2/MobilenetV2/input", inputType: .uint8,
          inputShape: [1, 513, 513, 3], inputScale: 0.0078125, inputZeroPoint: 128, outputType: .int64, outputShape: [1, 513, 513]),
    .init(model: "keras_lstm_mnist_ptq.tflite", inputName: "serving_default_x:0", inputType: .uint8, inputShape: [1, 28, 28],
          inputScale: 0.003921568859368563, inputZeroPoint: 0, outputType: .uint8, outputShape: [1, 10]),
    .init(model: "keras_lstm_mnist_ptq_edgetpu.tflite", inputName: "serving_default_x:0", inputType: .uint8, inputShape: [1, 28, 28],
          inputScale: 0.003921568859368563, inputZeroPoint: 0, outputType: .uint8, outputShape: [1, 10]),
    .init(model: "mobilenet_v2_1.0_224_float_dq.tflite", inputName: "input", inputType: .float32, inputShape: [1, 224, 224, 3],
          inputScale: nil, inputZeroPoint: nil, outputType: .float32, outputShape: [1, 1001]),
    .init(model: "iris_lite.tflite", inputName: "dense_input", inputType: .float32, inputShape: [1, 4],
          inputScale: nil, inputZeroPoint: nil, outputType: .float32, outputShape: [1, 3]),
    .init(model: "model_invoking_error.tflite", inputName: "", inputType: .uint8, inputShape: [1, 3],
          inputScale: nil, inputZeroPoint: nil, outputType: .float32, outputShape: []),
]

@Suite("TFLiteModel reads the fixture models", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct TFLiteModelTests {
    @Test("every fixture model parses", arguments: Fixtures.allModelNames)
    func everyModelParses(name: String) throws {
        let model = try Fixtures.tfliteModel(name)
        #expect(model.version == 3)
        #expect(!model.subgraphs.isEmpty)
        #expect(!model.inputTensors.isEmpty)
        #expect(!model.outputTensors.isEmpty)
    }

    @Test("there are fixture models to test")
    func fixturesPresent() {
        #expect(Fixtures.allModelNames.count >= 14)
    }

    @Test("inputs and outputs match what the LiteRT runtime reports", arguments: expectedIO)
    func inputsAndOutputs(expected: ExpectedIO) throws {
        let model = try Fixtures.tfliteModel(expected.model)
        let input = try #require(model.inputTensors.first)
        let output = try #require(model.outputTensors.first)
        #expect(input.name == expected.inputName)
        #expect(input.type == expected.inputType)
        #expect(input.shape == expected.inputShape)
        #expect(input.quantization?.scale == expected.inputScale)
        #expect(input.quantization?.zeroPoint == expected.inputZeroPoint)
        #expect(output.type == expected.outputType)
        #expect(output.shape == expected.outputShape)
    }

    @Test("MobileNet v2 output is quantized with scale 1/256 and zero point 0")
    func mobilenetOutputQuantization() throws {
        let model = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite")
        let output = try #require(model.outputTensors.first)
        #expect(output.name == "MobilenetV2/Predictions/Softmax")
        #expect(output.quantization == SchemaQuantization(scales: [0.00390625], zeroPoints: [0], quantizedDimension: 0,
                                                    min: output.quantization?.min ?? [], max: output.quantization?.max ?? []))
        #expect(model.mainSubgraph.operators.count == 66)
        #expect(model.mainSubgraph.tensors.count == 174)
    }

    @Test("operator names and convolution options are decoded")
    func operatorOptions() throws {
        let model = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite")
        let first = model.mainSubgraph.operators[0]
        #expect(model.opcodeName(for: first) == "CONV_2D")
        guard case .conv2D(let conv) = first.options else {
            Issue.record("first operator has options \(first.options)")
            return
        }
        #expect(conv.strideW == 2 && conv.strideH == 2)
        #expect(conv.padding == .same)
        #expect(conv.activation == .none) // the quantized graph clamps through its output range instead
        #expect(conv.dilationW == 1 && conv.dilationH == 1)
        let depthwise = try #require(model.mainSubgraph.operators.first { model.opcodeName(for: $0) == "DEPTHWISE_CONV_2D" })
        guard case .depthwiseConv2D(let dw) = depthwise.options else {
            Issue.record("depthwise operator has options \(depthwise.options)")
            return
        }
        #expect(dw.depthMultiplier == 1)
        #expect(try model.builtinOptionsField(of: depthwise, field: 3, default: Int32(0)) == 1) // raw access
        let float = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_float_dq.tflite")
        if case .conv2D(let restored) = float.mainSubgraph.operators[0].options {
            #expect(restored.activation == .relu6)
        } else {
            Issue.record("float model's first operator is not a convolution")
        }
        #expect(Set(model.mainSubgraph.operators.map { model.opcodeName(for: $0) })
                == ["ADD", "AVERAGE_POOL_2D", "CONV_2D", "DEPTHWISE_CONV_2D", "RESHAPE", "SOFTMAX"])
    }

    @Test("compiled models are one edgetpu-custom-op with FlexBuffer options")
    func edgeTPUOperator() throws {
        let model = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant_edgetpu.tflite")
        let op = try #require(model.mainSubgraph.operators.first)
        #expect(model.opcodeName(for: op) == "CUSTOM(edgetpu-custom-op)")
        #expect(model.customOptions(of: op)?.count == 4_067_386)
        #expect(model.isEdgeTPUCompiled)
    }

    @Test("weights are constant tensors whose buffers match type × shape")
    func constantBuffers() throws {
        let model = try Fixtures.tfliteModel("iris_lite.tflite")
        let constants = model.mainSubgraph.tensors.filter(\.isConstant)
        #expect(!constants.isEmpty)
        for tensor in constants {
            #expect(model.constantData(of: tensor)?.count == tensor.byteCount)
        }
        #expect(model.minRuntimeVersion == "1.5.0")
        #expect(model.metadataEntries.map(\.name) == ["min_runtime_version"])
    }

    @Test("a model without buffers still parses (tensors name buffer 0)")
    func modelWithoutBuffers() throws {
        let model = try Fixtures.tfliteModel("model_invoking_error.tflite")
        #expect(model.buffers.isEmpty)
        #expect(model.opcodeName(for: model.mainSubgraph.operators[0]) == "CUSTOM(fake-op-double)")
        #expect(model.mainSubgraph.tensors.allSatisfy { !$0.isConstant })
    }
}

@Suite("TFLiteModel reports file errors")
struct FileErrorTests {
    @Test("a missing file is fileNotFound")
    func missing() {
        let path = "/nonexistent/edgebench/model.tflite"
        #expect(throws: ModelFormatError.fileNotFound(path: path)) {
            try TFLiteModel(contentsOf: URL(fileURLWithPath: path))
        }
    }

    @Test("a directory is isDirectory")
    func directory() {
        let dir = FileManager.default.temporaryDirectory
        #expect(throws: ModelFormatError.isDirectory(path: dir.path)) {
            try TFLiteModel(contentsOf: dir)
        }
    }

    @Test("an empty file is emptyFile")
    func empty() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edgebench-empty-\(UUID().uuidString).tflite")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ModelFormatError.emptyFile(path: url.path)) {
            try TFLiteModel(contentsOf: url)
        }
    }

    @Test("errors read as sentences")
    func descriptions() {
        let error = ModelFormatError.truncated(offset: 10, needed: 4, available: 2)
        #expect(error.localizedDescription.contains("offset 10"))
        #expect(ModelFormatError.badIdentifier(found: "abcd", expected: "TFL3").errorDescription?.contains("TFL3") == true)
    }
}
