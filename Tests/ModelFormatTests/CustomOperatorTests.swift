import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

struct ExpectedCustomOperators: CustomStringConvertible, Sendable {
    var model: String
    var operators: [CustomOperatorUse]
    var description: String { model }
}

/// What each fixture's operator table holds (checked against `edgebench inspect`'s histogram).
let expectedCustomOperators: [ExpectedCustomOperators] = [
    .init(model: "mediapipe_face_landmark_with_attention.tflite", operators: [
        CustomOperatorUse(name: "Landmarks2TransformMatrix", count: 3, owner: .mediaPipe),
        CustomOperatorUse(name: "TransformTensorBilinear", count: 3, owner: .mediaPipe),
        CustomOperatorUse(name: "TransformLandmarks", count: 5, owner: .mediaPipe),
    ]),
    .init(model: "posenet_mobilenet_v1_075_721_1281_quant_decoder.tflite", operators: [
        CustomOperatorUse(name: "PosenetDecoderOp", count: 1, owner: .coral),
    ]),
    .init(model: "posenet_mobilenet_v1_075_721_1281_quant_decoder_edgetpu.tflite", operators: [
        CustomOperatorUse(name: "edgetpu-custom-op", count: 1, owner: .edgeTPU),
        CustomOperatorUse(name: "PosenetDecoderOp", count: 1, owner: .coral),
    ]),
    .init(model: "mediapipe_selfie_segmentation.tflite", operators: [
        CustomOperatorUse(name: "Convolution2DTransposeBias", count: 1, owner: .mediaPipe),
    ]),
    .init(model: "ssd_mobilenet_v1_coco_quant_postprocess_head_layers.tflite", operators: [
        CustomOperatorUse(name: "TFLite_Detection_PostProcess", count: 1, owner: .tensorFlowLite),
    ]),
    .init(model: "model_invoking_error.tflite", operators: [
        CustomOperatorUse(name: "fake-op-double", count: 1, owner: nil),
    ]),
    .init(model: "mobilenet_v2_1.0_224_quant_edgetpu.tflite", operators: [
        CustomOperatorUse(name: "edgetpu-custom-op", count: 1, owner: .edgeTPU),
    ]),
    .init(model: "mobilenet_v2_1.0_224_quant.tflite", operators: []),
    .init(model: "mediapipe_hand_landmark_lite.tflite", operators: []),
]

@Suite("Custom operators a model uses")
struct CustomOperatorTests {
    @Test("each fixture lists its custom operators in order of first use, with counts and owners",
          .enabled(if: Fixtures.available, Fixtures.modelsMissing), arguments: expectedCustomOperators)
    func fixtures(expected: ExpectedCustomOperators) throws {
        let model = try Fixtures.tfliteModel(expected.model)
        #expect(model.customOperators == expected.operators)
    }

    /// Two subgraphs (as WHILE/IF bodies have): a TF Select op twice and an unknown op in each subgraph.
    static func flexModel() throws -> TFLiteModel {
        var model = TFLiteWriter.Model(description: "custom operator test")
        let tensors = (0 ..< 4).map { TFLiteWriter.Tensor(name: "t\($0)", type: .float32, shape: [1, 4]) }
        model.subgraphs = [
            TFLiteWriter.Subgraph(name: "main", tensors: tensors, inputs: [0], outputs: [3], operators: [
                TFLiteWriter.Operator(.custom, inputs: [0], outputs: [1], customCode: "FlexRFFT"),
                TFLiteWriter.Operator(.custom, inputs: [1], outputs: [2], customCode: "my-op"),
                TFLiteWriter.Operator(.custom, inputs: [2], outputs: [3], customCode: "FlexRFFT"),
            ]),
            TFLiteWriter.Subgraph(name: "body", tensors: Array(tensors[0 ..< 3]), inputs: [0], outputs: [2], operators: [
                TFLiteWriter.Operator(.logistic, inputs: [0], outputs: [1]),
                TFLiteWriter.Operator(.custom, inputs: [1], outputs: [2], customCode: "my-op"),
            ]),
        ]
        return try TFLiteModel(bytes: TFLiteWriter.serialize(model))
    }

    @Test("operators are counted over every subgraph; Flex ops are TensorFlow Select ops; builtin ops are not listed")
    func everySubgraphAndFlex() throws {
        #expect(try Self.flexModel().customOperators == [
            CustomOperatorUse(name: "FlexRFFT", count: 2, owner: .tensorFlowSelect),
            CustomOperatorUse(name: "my-op", count: 2, owner: nil),
        ])
    }

    @Test("owners: known names, the Flex prefix, and nil for anything else")
    func owners() {
        #expect(CustomOperatorOwner(customOperator: "Landmarks2TransformMatrix") == .mediaPipe)
        #expect(CustomOperatorOwner(customOperator: "PosenetDecoderOp") == .coral)
        #expect(CustomOperatorOwner(customOperator: "edgetpu-custom-op") == .edgeTPU)
        #expect(CustomOperatorOwner(customOperator: "TFLite_Detection_PostProcess") == .tensorFlowLite)
        #expect(CustomOperatorOwner(customOperator: "FlexAudioSpectrogram") == .tensorFlowSelect)
        #expect(CustomOperatorOwner(customOperator: "flexible") == nil, "the prefix is case-sensitive, as in TFLite")
        #expect(CustomOperatorOwner(customOperator: "fake-op-double") == nil)
        #expect(CustomOperatorOwner.tensorFlowSelect.rawValue == "TensorFlow (Flex / Select TF ops)")
    }

    @Test("inspect lists custom operators with counts and owners, in text and JSON", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
    func inspect() throws {
        let report = InspectReport(model: try Fixtures.tfliteModel("mediapipe_face_landmark_with_attention.tflite"))
        #expect(report.renderText(showOps: false).contains(
            "Custom operators: Landmarks2TransformMatrix ×3 (MediaPipe), TransformTensorBilinear ×3 (MediaPipe), TransformLandmarks ×5 (MediaPipe)\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData(prettyPrinted: false)) as? [String: Any])
        let first = try #require((object["custom_operators"] as? [[String: Any]])?.first)
        #expect(first["name"] as? String == "Landmarks2TransformMatrix")
        #expect(first["count"] as? Int == 3)
        #expect(first["owner"] as? String == "MediaPipe")

        let plain = InspectReport(model: try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite"))
        #expect(plain.customOperators == [])
        #expect(!plain.renderText(showOps: false).contains("Custom operators:"))
    }

    @Test("an inspect report written before custom_operators existed still decodes", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
    func olderInspectJSON() throws {
        let report = InspectReport(model: try Fixtures.tfliteModel("iris_lite.tflite"))
        var object = try #require(try JSONSerialization.jsonObject(with: report.jsonData(prettyPrinted: false)) as? [String: Any])
        object.removeValue(forKey: "custom_operators")
        let decoded = try JSONDecoder().decode(InspectReport.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.customOperators == nil)
        #expect(decoded.inputs == report.inputs)
    }

    @Test("JSON keeps an unknown owner as null")
    func json() throws {
        let data = try JSONEncoder().encode(CustomOperatorUse(name: "fake-op-double", count: 1, owner: nil))
        #expect(String(decoding: data, as: UTF8.self).contains("\"owner\":null"))
    }
}
