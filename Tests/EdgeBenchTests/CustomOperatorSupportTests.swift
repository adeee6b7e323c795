import FixtureSupport
import EdgeBench
import Foundation
import LiteRT
import ModelFormat
import Testing

@Suite("Custom operators LiteRT cannot run are refused by name before the runtime loads",
       .enabled(if: Fixtures.available, "needs ../shared/fixtures (EDGEBENCH_FIXTURES)"))
struct CustomOperatorSupportTests {
    static func file(_ name: String) throws -> ModelFile { try ModelFile(path: Fixtures.model(name)) }

    static let xnnpack = RunSettings()
    static let builtin = RunSettings(kernels: .builtin)
    static let reference = RunSettings(kernels: .reference)
    static let gpu = RunSettings(backend: .gpu)
    static let gpuWithBuiltinFallback = RunSettings(backend: .gpu, kernels: .builtin, gpuFallback: true)
    static let edgetpu = RunSettings(backend: .edgetpu)

    /// A file that is not a loadable library: reaching the runtime would fail with `LiteRTError.cannotLoadLibrary`.
    static func unloadableRuntime(in directory: TemporaryDirectory) throws -> RuntimeLocation {
        let library = directory.path + "/libLiteRt.so"
        _ = FileManager.default.createFile(atPath: library, contents: Data([0]))
        return try RuntimeLocation.find(environment: ["EDGEBENCH_LITERT": library, "HOME": directory.path])
    }

    func unsupported(_ name: String, _ settings: RunSettings) throws -> [String] {
        CustomOperatorSupport.unsupportedOperators(in: try Self.file(name).format, settings: settings).map(\.name)
    }

    @Test("MediaPipe's landmark operators run nowhere in LiteRT: CPU with any kernels, GPU, Edge TPU")
    func mediaPipeLandmarks() throws {
        let all = ["Landmarks2TransformMatrix", "TransformTensorBilinear", "TransformLandmarks"]
        for settings in [Self.xnnpack, Self.builtin, Self.reference, Self.gpu, Self.edgetpu] {
            #expect(try unsupported("mediapipe_face_landmark_with_attention.tflite", settings) == all, "\(settings.summary)")
        }
    }

    @Test("Convolution2DTransposeBias runs with XNNPACK and on the GPU, not with builtin or reference kernels")
    func transposeConvBias() throws {
        let name = "mediapipe_selfie_segmentation.tflite"
        #expect(try unsupported(name, Self.xnnpack).isEmpty)
        #expect(try unsupported(name, Self.gpu).isEmpty)
        #expect(try unsupported(name, Self.gpuWithBuiltinFallback).isEmpty)
        #expect(try unsupported(name, Self.builtin) == ["Convolution2DTransposeBias"])
        #expect(try unsupported(name, Self.reference) == ["Convolution2DTransposeBias"])
        #expect(CustomOperatorSupport.operatorsRequiringXNNPACK(in: try Self.file(name).format).map(\.name) == ["Convolution2DTransposeBias"])
    }

    @Test("TFLite_Detection_PostProcess is registered by TFLite's builtin resolver: never refused")
    func detectionPostProcess() throws {
        let name = "ssd_mobilenet_v1_coco_quant_postprocess_head_layers.tflite"
        for settings in [Self.xnnpack, Self.builtin, Self.reference, Self.gpu] {
            #expect(try unsupported(name, settings).isEmpty, "\(settings.summary)")
        }
        #expect(CustomOperatorSupport.operatorsRequiringXNNPACK(in: try Self.file(name).format).isEmpty)
    }

    @Test("the Edge TPU backend provides edgetpu-custom-op but not Coral's PoseNet decoder")
    func edgeTPU() throws {
        #expect(try unsupported("mobilenet_v2_1.0_224_quant_edgetpu.tflite", Self.edgetpu).isEmpty)
        #expect(try unsupported("posenet_mobilenet_v1_075_721_1281_quant_decoder_edgetpu.tflite", Self.edgetpu) == ["PosenetDecoderOp"])
    }

    @Test("models without custom operators pass", arguments: ["mobilenet_v2_1.0_224_quant.tflite", "mediapipe_hand_landmark_lite.tflite", "iris_lite.tflite"])
    func noCustomOperators(name: String) throws {
        for settings in [Self.xnnpack, Self.builtin, Self.reference, Self.gpu] {
            #expect(try unsupported(name, settings).isEmpty)
        }
    }

    @Test("Session refuses the face landmark model before touching the runtime, naming all three operators, MediaPipe and counts")
    func sessionRefusesBeforeRuntime() throws {
        let directory = TemporaryDirectory()
        let runtime = try Self.unloadableRuntime(in: directory)
        let file = try Self.file("mediapipe_face_landmark_with_attention.tflite")
        do {
            _ = try Session(file: file, settings: Self.xnnpack, runtime: runtime)
            Issue.record("expected the session to be refused")
        } catch let error as EdgeBenchError {
            guard case let .unsupportedCustomOperators(model, operators, backend, kernels) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(model == "mediapipe_face_landmark_with_attention.tflite")
            #expect(operators.map(\.countedName) == ["Landmarks2TransformMatrix ×3", "TransformTensorBilinear ×3", "TransformLandmarks ×5"])
            #expect(operators.allSatisfy { $0.owner == .mediaPipe })
            #expect(backend == .cpu && kernels == .xnnpack)
            #expect(error.exitStatus == .badInput)
            let message = error.localizedDescription
            #expect(message.contains("Landmarks2TransformMatrix ×3, TransformTensorBilinear ×3, TransformLandmarks ×5 (MediaPipe)"), "\(message)")
            #expect(message.contains("MediaPipe's own op resolver"), "\(message)")
            #expect(!message.contains("\n"), "one line, so that bench's reasons keep all of it")
        }
    }

    @Test("an Edge TPU model on the CPU keeps its own message, not a custom-operator one")
    func edgeTPUModelOnCPU() throws {
        let directory = TemporaryDirectory()
        let runtime = try Self.unloadableRuntime(in: directory)
        let file = try Self.file("posenet_mobilenet_v1_075_721_1281_quant_decoder_edgetpu.tflite")
        #expect(throws: EdgeBenchError.edgeTPUModelOnCPU(model: file.name, customOps: 1)) {
            _ = try Session(file: file, settings: Self.xnnpack, runtime: runtime)
        }
    }

    @Test("a model the check passes goes on to the runtime (here an unloadable one)")
    func passesToRuntime() throws {
        let directory = TemporaryDirectory()
        let runtime = try Self.unloadableRuntime(in: directory)
        let file = try Self.file("ssd_mobilenet_v1_coco_quant_postprocess_head_layers.tflite")
        #expect(throws: LiteRTError.self) {
            _ = try Session(file: file, settings: Self.builtin, runtime: runtime)
        }
    }

    @Test("messages: XNNPACK-only, Coral, unknown owner, TF Select, and several owners at once")
    func messages() throws {
        let selfie = EdgeBenchError.unsupportedCustomOperators(
            model: "selfie.tflite", operators: [CustomOperatorUse(name: "Convolution2DTransposeBias", count: 1, owner: .mediaPipe)],
            backend: .cpu, kernels: .builtin).localizedDescription
        #expect(selfie.contains("Convolution2DTransposeBias ×1 (MediaPipe)"), "\(selfie)")
        #expect(selfie.contains("only by the XNNPACK delegate"), "\(selfie)")
        #expect(selfie.contains("run without --kernels builtin"), "\(selfie)")

        let posenet = EdgeBenchError.unsupportedCustomOperators(
            model: "posenet.tflite", operators: [CustomOperatorUse(name: "PosenetDecoderOp", count: 1, owner: .coral)],
            backend: .cpu, kernels: .xnnpack).localizedDescription
        #expect(posenet.contains("PosenetDecoderOp ×1 (Coral/libcoral)") && posenet.contains("libcoral"), "\(posenet)")

        let mixed = EdgeBenchError.unsupportedCustomOperators(
            model: "m.tflite", operators: [CustomOperatorUse(name: "FlexRFFT", count: 2, owner: .tensorFlowSelect),
                                           CustomOperatorUse(name: "my-op", count: 1, owner: nil),
                                           CustomOperatorUse(name: "TransformLandmarks", count: 5, owner: .mediaPipe)],
            backend: .cpu, kernels: .xnnpack).localizedDescription
        #expect(mixed.hasPrefix("m.tflite needs 3 custom operators that LiteRT 2.3.0 does not provide on the CPU with xnnpack kernels: "
                                + "FlexRFFT ×2 (TensorFlow (Flex / Select TF ops)); my-op ×1 (owner unknown); TransformLandmarks ×5 (MediaPipe)."), "\(mixed)")
        #expect(mixed.contains("FlexRFFT needs TensorFlow's Flex delegate"), "\(mixed)")
        #expect(mixed.contains("edgebench does not know which library defines my-op"), "\(mixed)")
        #expect(mixed.contains("TransformLandmarks comes from MediaPipe's own op resolver"), "\(mixed)")
    }
}
