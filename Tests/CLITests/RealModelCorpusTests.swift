import FixtureSupport
import Foundation
import Testing

/// Every fixture model, through every command a user would try on it: each ends with exit 0 or a
/// documented code and one message that names the problem — never a signal, a hang or silence.
@Suite("Every fixture model runs or says why it cannot", .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct RealModelCorpusTests {
    static var models: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.directory + "/models")) ?? []).filter { $0.hasSuffix(".tflite") }.sorted()
    }

    /// Models LiteRT 2.3.0 can run on the CPU: `run` and `bench` must succeed on them.
    static let runnable: Set<String> = [
        "deeplabv3_mnv2_dm05_pascal_quant.tflite", "dynamic_batch_dense.tflite", "iris_lite.tflite",
        "mediapipe_face_detection_short_range.tflite", "mediapipe_hand_landmark_lite.tflite", "mediapipe_selfie_segmentation.tflite",
        "mobilenet_v1_0.25_128_quant.tflite", "mobilenet_v1_0.5_160_quant.tflite", "mobilenet_v2_1.0_224_float_dq.tflite",
        "mobilenet_v2_1.0_224_inat_bird_quant.tflite", "mobilenet_v2_1.0_224_quant.tflite", "movenet_single_pose_lightning_ptq.tflite",
        "ssd_mobilenet_v1_coco_quant_postprocess_head_layers.tflite", "tf2_mobilenet_v2_1.0_224_ptq.tflite",
    ]

    /// Models that cannot run here, and what their one-line refusal must name.
    static let refusals: [String: [String]] = [
        "mediapipe_face_landmark_with_attention.tflite": ["Landmarks2TransformMatrix", "TransformLandmarks", "TransformTensorBilinear", "MediaPipe"],
        "posenet_mobilenet_v1_075_721_1281_quant_decoder.tflite": ["PosenetDecoderOp"],
        "model_invoking_error.tflite": ["fake-op-double"],
        "keras_lstm_mnist_ptq.tflite": ["variable tensors"],
    ]

    static func check(_ result: CLIResult, _ what: String, model: String) {
        expectDocumentedExit(result, what)
        if result.status != 0 {
            let message = result.stderr.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            #expect(message.count > "edgebench: error: ".count + 20, "\(what): an empty or vague message: \(message)")
            #expect(message.contains(model), "\(what): the message does not name the model: \(message)")
        }
    }

    @Test("inspect, run with random input, bench, and classify where the model is an image classifier", arguments: models)
    func everyCommand(_ name: String) throws {
        let path = Fixtures.model(name)
        let noInstall = ["EDGEBENCH_NO_AUTO_INSTALL": "1"]
        let inspect = try CLI.run(["inspect", path], environment: noInstall)
        #expect(inspect.status == 0, "inspect \(name): \(inspect.stderr)")

        let run = try CLI.run(["run", path, "--runs", "2"], environment: noInstall, timeout: 180)
        Self.check(run, "run \(name)", model: name)
        let bench = try CLI.run(["bench", path, "--runs", "3", "--min-time", "0", "--warmup", "1", "--no-history", "--quiet", "--format", "json"],
                                environment: noInstall, timeout: 300)
        Self.check(bench, "bench \(name)", model: name)
        if Self.runnable.contains(name) {
            #expect(run.status == 0, "run \(name): \(run.stderr)")
            #expect(bench.status == 0, "bench \(name): \(bench.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(bench.stdout.utf8)) as? [String: Any]
            let result = (report?["results"] as? [[String: Any]])?.first
            let latency = result?["latency_ms"] as? [String: Any]
            #expect((latency?["p50"] as? Double ?? 0) > 0, "bench \(name) reports a latency")
        } else {
            #expect(run.status == 3 && bench.status == 3, "\(name) cannot run on the CPU: exit 3 (run \(run.status), bench \(bench.status))\n\(run.stderr)")
        }
        for word in Self.refusals[name] ?? [] {
            #expect(run.stderr.contains(word), "run \(name) must name \(word): \(run.stderr)")
        }
        if name.contains("_edgetpu") {
            #expect(run.stderr.contains("compiled for the Edge TPU"), "\(run.stderr)")
        }

        // classify: an image classifier classifies; anything else is refused with its shape and the command to use.
        let classify = try CLI.run(["classify", path, Fixtures.image("parrot.jpg"), "--runs", "1"], environment: noInstall, timeout: 180)
        Self.check(classify, "classify \(name)", model: name)
        #expect(!classify.stdout.contains("class 29045"), "no nonsense scores")
        if classify.status != 0 && Self.runnable.contains(name) {
            #expect(classify.status == 3, "classify \(name): \(classify.stderr)")
            #expect(classify.stderr.contains("edgebench run") || classify.stderr.contains("does not take an image"), "\(classify.stderr)")
        }
    }
}

/// The models people deploy that used to crash or refuse: detection post-processing, dynamic shapes,
/// kernel fallback, non-classifier outputs.
@Suite("Real-world models from the command line", .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct RealWorldModelTests {
    static let ssd = "ssd_mobilenet_v1_coco_quant_postprocess_head_layers.tflite"

    @Test("run on the SSD head feeds its 12 inputs random data and prints four outputs with their real shapes and the detections")
    func ssdRun() throws {
        let result = try CLI.run(["run", Fixtures.model(Self.ssd), "--runs", "3", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let outputs = try #require(report["outputs"] as? [[String: Any]])
        #expect(outputs.compactMap { $0["shape"] as? [Int] } == [[1, 20, 4], [1, 20], [1, 20], [1]])
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        #expect(inputs.count == 12)
        #expect(inputs.allSatisfy { ($0["source"] as? String)?.hasPrefix("random") == true })
        let detections = try #require(report["detections"] as? [String: Any])
        let count = try #require(detections["count"] as? Int)
        #expect((0...20).contains(count))
        #expect((detections["detections"] as? [Any])?.count == count)
        #expect(result.stderr.contains("random"), "random input is said: \(result.stderr)")

        let text = try CLI.run(["run", Fixtures.model(Self.ssd)])
        #expect(text.status == 0)
        #expect(text.stdout.contains("[1, 20, 4]") && text.stdout.contains("detections:"))
    }

    @Test("bench of the SSD head reports its latency (it used to abort with 'double free or corruption')")
    func ssdBench() throws {
        let result = try CLI.run(["bench", Fixtures.model(Self.ssd), "--runs", "20", "--min-time", "0", "--no-history", "--quiet", "--format", "json"])
        #expect(result.status == 0 && !result.signaled, "\(result.stderr)")
        #expect(!result.stderr.contains("double free"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let first = try #require((report["results"] as? [[String: Any]])?.first)
        #expect(first["samples"] as? Int ?? 0 >= 20)
        #expect(((first["latency_ms"] as? [String: Any])?["p50"] as? Double ?? 0) > 0)
    }

    @Test("a dynamic batch defaults to 1 with a note, --input-shape sets it, and results record the shape")
    func dynamicBatch() throws {
        let model = Fixtures.model("dynamic_batch_dense.tflite")
        let plain = try CLI.run(["run", model, "--format", "json"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("dynamic shape [-1, 3]") && plain.stderr.contains("--input-shape"))
        let four = try CLI.run(["run", model, "--input-shape", "0=4,3", "--format", "json"])
        #expect(four.status == 0, "\(four.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(four.stdout.utf8)) as? [String: Any])
        #expect(((report["inputs"] as? [[String: Any]])?.first?["shape"] as? [Int]) == [4, 3])
        #expect(((report["outputs"] as? [[String: Any]])?.first?["shape"] as? [Int])?.first == 4)

        let byName = try CLI.run(["bench", model, "--input-shape", "serving_default_features:0=2,3", "--runs", "3", "--min-time", "0",
                                  "--no-history", "--quiet", "--format", "json"])
        #expect(byName.status == 0, "\(byName.stderr)")
        let bench = try #require(try JSONSerialization.jsonObject(with: Data(byName.stdout.utf8)) as? [String: Any])
        let shapes = ((bench["results"] as? [[String: Any]])?.first?["input_shapes"] as? [String])
        #expect(shapes == ["serving_default_features:0=2,3"])
    }

    @Test("--input-shape that names no input, changes a fixed dimension or is malformed is a usage error")
    func badInputShapes() throws {
        let model = Fixtures.model("dynamic_batch_dense.tflite")
        for (shape, mentions) in [("nosuch=1,3", "nosuch"), ("0=2,5", "[-1, 3]"), ("0=1,x", "'x'"), ("0=0,3", "'0'")] {
            let result = try CLI.run(["run", model, "--input-shape", shape])
            #expect(result.status == 64, "\(shape): \(result.stderr)")
            #expect(result.stderr.contains(mentions), "\(shape): \(result.stderr)")
        }
    }

    @Test("run feeds inputs by name or index; naming an input the model lacks is a usage error")
    func inputsByName() throws {
        let iris = Fixtures.model("iris_lite.tflite")
        let byIndex = try CLI.run(["run", iris, "--input", "0=7.9,3.8,6.4,2.0", "--format", "json"])
        let byName = try CLI.run(["run", iris, "--input", "dense_input=7.9,3.8,6.4,2.0", "--format", "json"])
        let bare = try CLI.run(["run", iris, "--input", "7.9,3.8,6.4,2.0", "--format", "json"])
        #expect(byIndex.status == 0 && byName.status == 0 && bare.status == 0, "\(byIndex.stderr)\(byName.stderr)\(bare.stderr)")
        func values(_ result: CLIResult) -> [Double]? {
            ((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["outputs"] as? [[String: Any]])?.first?["values"] as? [Double]
        }
        #expect(values(byIndex) != nil && values(byIndex) == values(byName) && values(byName) == values(bare))
        let unknown = try CLI.run(["run", iris, "--input", "nosuch=1,2,3,4"])
        #expect(unknown.status == 64 && unknown.stderr.contains("nosuch") && unknown.stderr.contains("dense_input"), "\(unknown.stderr)")
    }

    @Test("bench falls back to builtin kernels when XNNPACK cannot prepare DeepLab and no kernels were chosen, and records it")
    func kernelFallback() throws {
        let model = Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite")
        let result = try CLI.run(["bench", model, "--runs", "2", "--min-time", "0", "--warmup", "0", "--no-history", "--quiet", "--format", "json"], timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let first = try #require((report["results"] as? [[String: Any]])?.first)
        #expect(first["kernels"] as? String == "builtin")
        #expect((first["kernel_fallback"] as? String)?.contains("XNNPACK cannot prepare") == true)
        #expect((report["warnings"] as? [String])?.contains { $0.contains("falling back to --kernels builtin") } == true)

        let chosen = try CLI.run(["bench", model + ":kernels=xnnpack", "--runs", "2", "--min-time", "0", "--warmup", "0", "--no-history", "--quiet"], timeout: 300)
        #expect(chosen.status != 0 && !chosen.signaled, "chosen kernels never change")
        #expect(chosen.stderr.contains("XNNPACK cannot prepare"), "\(chosen.stderr)")
    }

    @Test("classify on a segmentation or pose model names the output's shape and points to run/bench")
    func notAClassifier() throws {
        for (name, shape) in [("deeplabv3_mnv2_dm05_pascal_quant.tflite", "[1, 513, 513]"), ("movenet_single_pose_lightning_ptq.tflite", "[1, 1, 17, 3]")] {
            let result = try CLI.run(["classify", Fixtures.model(name), Fixtures.image("parrot.jpg")])
            #expect(result.status == 3, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(shape) && result.stderr.contains("edgebench run"), "\(name): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }
}
