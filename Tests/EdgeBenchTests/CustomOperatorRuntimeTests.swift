import FixtureSupport
import EdgeBench
import Foundation
import LiteRT
import ModelFormat
import Testing

/// `CustomOperatorSupport`'s sets, checked against the real LiteRT runtime (bypassing edgebench's own
/// check): what it refuses must fail in LiteRT naming the operator, and what it lets through must resolve.
/// If a new runtime adds or drops an operator, these tests say which set to update.
@Suite("Custom-operator knowledge agrees with the LiteRT runtime", .serialized,
       .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CustomOperatorRuntimeTests {
    struct Case: CustomStringConvertible, Sendable {
        var model: String
        var kernels: CPUKernels
        var description: String { "\(model) with \(kernels.rawValue) kernels" }
    }

    // The SSD head is not run with XNNPACK: its run-time output shapes crash that path today (a separate issue).
    static let cases: [Case] = [
        Case(model: "mediapipe_selfie_segmentation.tflite", kernels: .xnnpack),
        Case(model: "mediapipe_selfie_segmentation.tflite", kernels: .builtin),
        Case(model: "mediapipe_selfie_segmentation.tflite", kernels: .reference),
        Case(model: "mediapipe_face_landmark_with_attention.tflite", kernels: .xnnpack),
        Case(model: "mediapipe_face_landmark_with_attention.tflite", kernels: .builtin),
        Case(model: "posenet_mobilenet_v1_075_721_1281_quant_decoder.tflite", kernels: .xnnpack),
        Case(model: "model_invoking_error.tflite", kernels: .xnnpack),
        Case(model: "ssd_mobilenet_v1_coco_quant_postprocess_head_layers.tflite", kernels: .builtin),
        Case(model: "ssd_mobilenet_v1_coco_quant_postprocess_head_layers.tflite", kernels: .reference),
    ]

    /// The runtime's log of compiling and running `bytes` once; empty when the run succeeded.
    static func runtimeLog(bytes: [UInt8], name: String, kernels: CPUKernels) throws -> String {
        let environment = try Environment(library: LiteRTLibrary.load(path: Fixtures.runtimePath ?? "libLiteRt.so"))
        let model = try Model(bytes: bytes, name: name, environment: environment)
        do {
            let compiled = try CompiledModel(model: model, options: CompilationOptions(hardware: .cpu, threads: 1, kernels: kernels))
            try compiled.runCapturingLog()
            return ""
        } catch let LiteRTError.callFailed(_, _, _, log) {
            return log
        }
    }

    /// Whether the log says LiteRT had no working kernel for the custom operator `name`.
    static func logShowsMissing(_ log: String, _ name: String) -> Bool {
        log.contains("unresolved custom op: \(name)")
            || (log.contains("Stub operation invoked") && log.contains("(\(name))"))
            || (log.contains("TensorFlow op") && log.contains("Flex delegate"))
    }

    @Test("refused operators fail in LiteRT by name; the others resolve", arguments: cases)
    func agrees(_ testCase: Case) throws {
        let file = try ModelFile(path: Fixtures.model(testCase.model))
        let settings = RunSettings(kernels: testCase.kernels)
        let refused = Set(CustomOperatorSupport.unsupportedOperators(in: file.format, settings: settings).map(\.name))
        let log = try Self.runtimeLog(bytes: file.bytes, name: file.name, kernels: testCase.kernels)
        for op in file.format.customOperators {
            if refused.contains(op.name) {
                // LiteRT stops at the first failing node, so one of the refused operators is named.
                #expect(refused.contains { Self.logShowsMissing(log, $0) }, "\(op.name) is refused but LiteRT did not fail on it:\n\(log)")
            } else {
                #expect(!Self.logShowsMissing(log, op.name), "\(op.name) is let through but LiteRT lacks it:\n\(log)")
            }
        }
    }

    @Test("a TF Select (Flex) operator fails in this runtime, as CustomOperatorSupport says")
    func flexOperator() throws {
        var model = TFLiteWriter.Model(description: "flex test")
        let tensors = (0 ..< 2).map { TFLiteWriter.Tensor(name: "t\($0)", type: .float32, shape: [1, 4]) }
        model.subgraphs = [TFLiteWriter.Subgraph(name: "main", tensors: tensors, inputs: [0], outputs: [1], operators: [
            TFLiteWriter.Operator(.custom, inputs: [0], outputs: [1], customCode: "FlexRelu"),
        ])]
        model.signatures = [TFLiteWriter.Signature(key: "serving_default", inputs: [TFLiteWriter.TensorMap(name: "x", tensorIndex: 0)],
                                                   outputs: [TFLiteWriter.TensorMap(name: "y", tensorIndex: 1)])]
        let bytes = try TFLiteWriter.serialize(model)
        let parsed = try TFLiteModel(bytes: bytes)
        #expect(CustomOperatorSupport.unsupportedOperators(in: parsed, settings: RunSettings()).map(\.owner) == [.tensorFlowSelect])
        let log = try Self.runtimeLog(bytes: bytes, name: "flex.tflite", kernels: .xnnpack)
        #expect(Self.logShowsMissing(log, "FlexRelu"), "\(log)")
    }
}
