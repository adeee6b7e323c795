import Testing
@testable import ModelFormat

@Suite("TFLiteWriter")
struct TFLiteWriterTests {
    /// A tiny classifier: input [1, 4] → FULLY_CONNECTED (3 units, RELU) → SOFTMAX, with a signature.
    static func tinyModel() -> TFLiteWriter.Model {
        var model = TFLiteWriter.Model(description: "writer test")
        let weights = model.addBuffer(Bytes.little((0 ..< 12).map { Float($0) / 10 }))
        let bias = model.addBuffer(Bytes.little([Float(0.1), 0.2, 0.3]))
        let tensors = [
            TFLiteWriter.Tensor(name: "input", type: .float32, shape: [1, 4]),
            TFLiteWriter.Tensor(name: "weights", type: .float32, shape: [3, 4], buffer: weights),
            TFLiteWriter.Tensor(name: "bias", type: .float32, shape: [3], buffer: bias),
            TFLiteWriter.Tensor(name: "dense", type: .float32, shape: [1, 3]),
            TFLiteWriter.Tensor(name: "probabilities", type: .float32, shape: [1, 3]),
        ]
        let operators = [
            TFLiteWriter.Operator(.fullyConnected, inputs: [0, 1, 2], outputs: [3],
                                  options: .fullyConnected(FullyConnectedOptions(activation: .relu, keepNumDims: false))),
            TFLiteWriter.Operator(.softmax, inputs: [3], outputs: [4], options: .softmax(beta: 1)),
        ]
        model.subgraphs = [TFLiteWriter.Subgraph(name: "main", tensors: tensors, inputs: [0], outputs: [4], operators: operators)]
        model.signatures = [TFLiteWriter.Signature(key: "serving_default",
                                                   inputs: [TFLiteWriter.TensorMap(name: "x", tensorIndex: 0)],
                                                   outputs: [TFLiteWriter.TensorMap(name: "y", tensorIndex: 4)])]
        return model
    }

    @Test("a written model reads back with its tensors, operators, options and signature")
    func roundTrip() throws {
        let bytes = try TFLiteWriter.serialize(Self.tinyModel())
        let model = try TFLiteModel(bytes: bytes)
        #expect(model.version == 3)
        #expect(model.description == "writer test")
        #expect(model.buffers.first?.count == 0, "buffer 0 is empty")
        #expect(model.operatorCodes.map(\.name) == ["FULLY_CONNECTED", "SOFTMAX"])
        let graph = model.mainSubgraph
        #expect(graph.name == "main")
        #expect(graph.tensors.map(\.name) == ["input", "weights", "bias", "dense", "probabilities"])
        #expect(graph.tensors[1].shape == [3, 4] && graph.tensors[1].isConstant)
        #expect(graph.inputs == [0] && graph.outputs == [4])
        #expect(graph.operators[0].options == .fullyConnected(FullyConnectedOptions(activation: .relu, keepNumDims: false)))
        #expect(graph.operators[1].inputs == [3] && graph.operators[1].outputs == [4])
        let weights = try #require(model.constantData(of: graph.tensors[1]))
        #expect(Array(weights) == Bytes.little((0 ..< 12).map { Float($0) / 10 }))
        #expect(weights.startIndex % 16 == 0, "constant data is 16-byte aligned")
        let signature = try #require(model.signatureDefs.first)
        #expect(signature.key == "serving_default")
        #expect(signature.inputs == [TFLiteModel.TensorMap(name: "x", tensorIndex: 0)])
        #expect(signature.outputs == [TFLiteModel.TensorMap(name: "y", tensorIndex: 4)])
        #expect(model.cost().macsTotal == 12)
    }

    @Test("operator codes above 127 keep 127 in the deprecated byte and the real code in builtin_code")
    func extendedOperatorCodes() throws {
        var model = TFLiteWriter.Model()
        let tensors = (0 ..< 3).map { TFLiteWriter.Tensor(name: "t\($0)", type: .float32, shape: [1, 2, 2, 2, 1]) }
        model.subgraphs = [TFLiteWriter.Subgraph(tensors: tensors, inputs: [0], outputs: [2], operators: [
            TFLiteWriter.Operator(.conv3D, inputs: [0, 1], outputs: [2]),
            TFLiteWriter.Operator(.add, version: 2, inputs: [0, 0], outputs: [1], options: .add(activation: .none)),
        ])]
        let bytes = try TFLiteWriter.serialize(model)
        let parsed = try TFLiteModel(bytes: bytes)
        #expect(parsed.operatorCodes.map(\.builtinCode) == [.conv3D, .add])
        #expect(parsed.operatorCodes.map(\.version) == [1, 2])
        let root = try FlatBufferBuilderTests.root(bytes, identifier: "TFL3")
        let codes = try root.tables(1, "operator_codes")
        #expect(try codes[0].scalar(0, default: Int8(0)) == 127)
        #expect(try codes[0].scalar(3, default: Int32(0)) == 132)
        #expect(try codes[1].scalar(0, default: Int8(-1)) == 0)
    }

    @Test("per-channel quantization round-trips")
    func perChannelQuantization() throws {
        var model = TFLiteWriter.Model()
        let q = SchemaQuantization(scales: [0.5, 0.25, 0.125], zeroPoints: [0, 0, 0], quantizedDimension: 3)
        let filter = model.addBuffer([UInt8](repeating: 1, count: 27))
        model.subgraphs = [TFLiteWriter.Subgraph(tensors: [
            TFLiteWriter.Tensor(name: "filter", type: .int8, shape: [1, 3, 3, 3], buffer: filter, quantization: q),
            TFLiteWriter.Tensor(name: "act", type: .uint8, shape: [1, 2],
                                quantization: SchemaQuantization(scales: [0.1], zeroPoints: [128], min: [-12.8], max: [12.7])),
        ], inputs: [1], outputs: [1])]
        let graph = try TFLiteModel(bytes: TFLiteWriter.serialize(model)).mainSubgraph
        #expect(graph.tensors[0].quantization == q)
        #expect(graph.tensors[0].type == .int8)
        #expect(graph.tensors[1].quantization?.zeroPoint == 128)
        #expect(graph.tensors[1].quantization?.min == [-12.8])
    }

    @Test("options read back field by field equal the options written")
    func optionsCopy() throws {
        var model = Self.tinyModel()
        model.subgraphs[0].operators.append(TFLiteWriter.Operator(.reshape, inputs: [4], outputs: [3],
                                                                  options: .reshape(newShape: [1, 3])))
        let parsed = try TFLiteModel(bytes: TFLiteWriter.serialize(model))
        let ops = parsed.mainSubgraph.operators
        #expect(try parsed.builtinOptions(of: ops[0]) == model.subgraphs[0].operators[0].options)
        #expect(try parsed.builtinOptions(of: ops[1]) == .softmax(beta: 1))
        #expect(try parsed.builtinOptions(of: ops[2]) == .reshape(newShape: [1, 3]))
    }

    @Test("invalid models are rejected before writing")
    func validation() {
        var nonEmptyFirst = Self.tinyModel()
        nonEmptyFirst.buffers[0] = [1, 2]
        #expect(throws: ModelWriterError.firstBufferNotEmpty(byteCount: 2)) { try TFLiteWriter.serialize(nonEmptyFirst) }

        var badTensor = Self.tinyModel()
        badTensor.subgraphs[0].operators[0].inputs = [0, 1, 9]
        #expect(throws: ModelWriterError.invalidTensorIndex(subgraph: 0, index: 9, tensorCount: 5)) {
            try TFLiteWriter.serialize(badTensor)
        }

        var badBuffer = Self.tinyModel()
        badBuffer.subgraphs[0].tensors[1].buffer = 7
        #expect(throws: ModelWriterError.invalidBufferIndex(tensor: 1, buffer: 7, bufferCount: 3)) {
            try TFLiteWriter.serialize(badBuffer)
        }

        var badSize = Self.tinyModel()
        badSize.subgraphs[0].tensors[1].shape = [3, 5]
        #expect(throws: ModelWriterError.bufferSizeMismatch(tensor: 1, expected: 60, actual: 48)) {
            try TFLiteWriter.serialize(badSize)
        }

        var badSignature = Self.tinyModel()
        badSignature.signatures[0].subgraphIndex = 2
        #expect(throws: ModelWriterError.invalidSubgraphIndex(index: 2, subgraphCount: 1)) {
            try TFLiteWriter.serialize(badSignature)
        }
    }
}
