import Results
import Presentation
import EdgeBench
import enum EdgeBenchKit.ClassifyFlow
import FixtureSupport
import Foundation
import Imaging
import ModelFormat
import Testing

/// Every figure of an accuracy run on real models, checked against `classify` run image by image.
@Suite("Accuracy over a labelled folder of the fixture images", .serialized, .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct AccuracyEvaluatorTests {
    static let classes: [String: [String]] = [
        "macaw": ["parrot.jpg"], "military_uniform": ["grace_hopper.bmp"], "Egyptian_cat": ["cat.bmp", "cat_720p.jpg"],
        "daisy": ["sunflower.bmp"], "chickadee": ["bird.bmp"],
    ]
    static let truth: [String: Int] = ["macaw": 89, "military_uniform": 653, "Egyptian_cat": 286, "daisy": 986, "chickadee": 20]
    /// The baseline, two quantized builds, and a small model that gets the cats wrong (one of them by a tie).
    static let models = ["mobilenet_v2_1.0_224_float_dq.tflite", "mobilenet_v2_1.0_224_quant.tflite",
                         "tf2_mobilenet_v2_1.0_224_ptq.tflite", "mobilenet_v1_0.25_128_quant.tflite"]

    /// classify's own answer for one image: every class score, best first.
    static func reference(model: String, image: String) throws -> [ClassScore] {
        var request = ClassifyRequest(modelPath: Fixtures.model(model), imagePath: Fixtures.image(image))
        request.labelsPath = Fixtures.labels("imagenet_labels.txt")
        request.topK = 5000
        request.threshold = -1
        request.runs = 1
        return try ClassifyFlow.classify(request).results
    }

    @Test("accuracy, intervals, ties, agreement, McNemar, |Δ|, disagreements and per-class figures match classify's answers")
    func everyNumber() async throws {
        let folder = try LabelledFolder(Self.classes, corrupt: ["Egyptian_cat/broken.jpg"])
        var request = AccuracyRequest(configurations: Self.models.map { BenchConfiguration(modelPath: Fixtures.model($0), settings: RunSettings()) },
                                      datasetPath: folder.path)
        request.labelsPath = Fixtures.labels("imagenet_labels.txt")
        request.latencyRuns = 3
        let report = try await AccuracyEvaluator.evaluate(request)

        #expect(report.schema == "edgebench.accuracy/1")
        #expect(report.skipped.map(\.image) == ["Egyptian_cat/broken.jpg"])
        #expect(report.skipped.first?.reason.contains("broken.jpg") == true)
        #expect(report.dataset.images == 7 && report.dataset.classes == 5)
        #expect(report.preprocessing.centerCrop == nil && report.preprocessing.decoder == .exact)

        let images = Self.classes.flatMap { name, files in files.map { (class: name, file: $0) } }
        var answers: [[String: [ClassScore]]] = []
        for model in Self.models {
            var perImage: [String: [ClassScore]] = [:]
            for image in images { perImage[image.file] = try Self.reference(model: model, image: image.file) }
            answers.append(perImage)
        }
        func truth(_ file: String) -> Int { Self.truth[images.first { $0.file == file }!.class]! }

        for (index, configuration) in report.configurations.enumerated() {
            let mine = answers[index]
            #expect(configuration.status == "ok")
            #expect(configuration.evaluated == 6 && configuration.skipped == 1 && configuration.failed == 0)
            #expect(configuration.classOffset == 0 && configuration.outputClasses == 1001)
            let top1 = mine.filter { $0.value[0].index == truth($0.key) }.count
            let top5 = mine.filter { entry in entry.value.prefix(5).contains { $0.index == truth(entry.key) } }.count
            let ties = mine.filter { $0.value[0].score == $0.value[1].score }.count
            #expect(configuration.top1 == Proportion(successes: top1, total: 6), "\(configuration.label)")
            #expect(configuration.top5 == Proportion(successes: top5, total: 6))
            #expect(configuration.tiesDecidingTop1 == ties)
            let latency = try #require(configuration.latency)
            #expect(latency.invokeRuns == 3 && latency.invokeMinMs > 0 && latency.invokeMinMs <= latency.invokeMedianMs)
            let cats = try #require(configuration.perClass.first { $0.index == 286 })
            #expect(cats.top1 == Proportion(successes: ["cat.bmp", "cat_720p.jpg"].filter { mine[$0]![0].index == 286 }.count, total: 2))

            guard index > 0 else { #expect(configuration.vsBaseline == nil); continue }
            let baseline = answers[0]
            let comparison = try #require(configuration.vsBaseline)
            let agree = mine.filter { $0.value[0].index == baseline[$0.key]![0].index }.count
            let b = mine.filter { baseline[$0.key]![0].index == truth($0.key) && $0.value[0].index != truth($0.key) }.count
            let c = mine.filter { baseline[$0.key]![0].index != truth($0.key) && $0.value[0].index == truth($0.key) }.count
            #expect(comparison.pairedImages == 6)
            #expect(comparison.agreement == Proportion(successes: agree, total: 6))
            #expect(report.agreementMatrix[index][0] == comparison.agreement && report.agreementMatrix[0][index] == comparison.agreement)
            #expect(comparison.mcnemar == McNemarTest(baselineOnlyCorrect: b, otherOnlyCorrect: c))
            // |Δ| over every class of every image, from classify's full score lists.
            var sum = 0.0, maximum = 0.0, count = 0
            for (file, scores) in mine {
                let base = Dictionary(uniqueKeysWithValues: baseline[file]!.map { ($0.index, $0.score) })
                for score in scores {
                    let delta = abs(score.score - base[score.index]!)
                    sum += delta; maximum = max(maximum, delta); count += 1
                }
            }
            #expect(count == 6 * 1001)
            #expect(abs(try #require(comparison.meanAbsDelta) - sum / Double(count)) < 1e-9)
            #expect(abs(try #require(comparison.maxAbsDelta) - maximum) < 1e-9)
            let disagreeing = mine.filter { $0.value[0].index != baseline[$0.key]![0].index }
                .map { entry in images.first { $0.file == entry.key }!.class + "/" + entry.key }
            #expect(comparison.disagreements.map(\.image).sorted() == disagreeing.sorted())
        }
        // The small model calls both cats tiger cats (cat_720p by a tie at 0.23438) and Grace Hopper's uniform an
        // academic gown, so the test sees ties, disagreements and discordant pairs: 3 against 0, p = 2 · (1/2)³.
        let small = try #require(report.configurations.last)
        #expect(small.tiesDecidingTop1 >= 1)
        #expect(try #require(small.vsBaseline).mcnemar.baselineOnlyCorrect == 3)
        #expect(abs(try #require(small.vsBaseline).mcnemar.pValue - 0.25) < 1e-12)
        let disagreement = try #require(small.vsBaseline?.disagreements.first { $0.image == "Egyptian_cat/cat_720p.jpg" })
        #expect(disagreement.truth.label == "Egyptian cat" && disagreement.baseline.label == "Egyptian cat")
        #expect(disagreement.other.label == "tiger cat")

        let text = AccuracyText.render(report)
        #expect(text.contains("Skipped 1 image") && text.contains("McNemar") && text.contains("Egyptian_cat/broken.jpg"))
        #expect(text.contains("Preprocessing: exact decode, whole image"))
    }

    @Test("1001 outputs against 1000 labels: output 0 is the background, and the answers are the same labels")
    func backgroundOffset() async throws {
        let directory = TemporaryDirectory()
        let full = try Labels(contentsOf: Fixtures.labels("imagenet_labels.txt"))
        let withoutBackground = (1...1000).map { full[$0]! }.joined(separator: "\n") + "\n"
        let labelsPath = directory.path + "/labels_1000.txt"
        try Data(withoutBackground.utf8).write(to: URL(fileURLWithPath: labelsPath))
        let folder = try LabelledFolder(["macaw": ["parrot.jpg"], "Egyptian_cat": ["cat.bmp"], "military_uniform": ["grace_hopper.bmp"]])
        var request = AccuracyRequest(configurations: [BenchConfiguration(modelPath: Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), settings: RunSettings())],
                                      datasetPath: folder.path)
        request.labelsPath = labelsPath
        request.latencyRuns = 0
        let report = try await AccuracyEvaluator.evaluate(request)
        let configuration = try #require(report.configurations.first)
        #expect(configuration.classOffset == 1)
        #expect(configuration.top1 == Proportion(successes: 3, total: 3))
        #expect(configuration.perClass.map(\.label) == ["macaw", "Egyptian cat", "military uniform"])
        #expect(configuration.latency == nil)
    }

    /// A model without a background class: the mean colour of the image, [1, 16, 16, 3] → [1, 3] by MEAN over
    /// height and width, so class 0/1/2 wins when red/green/blue dominates.
    static func meanColourModel() throws -> [UInt8] {
        var model = TFLiteWriter.Model(description: "mean colour")
        let axes = [Int32(1), Int32(2)].withUnsafeBytes { Array($0) }
        let axesBuffer = model.addBuffer(axes)
        model.subgraphs = [TFLiteWriter.Subgraph(tensors: [
            TFLiteWriter.Tensor(name: "image", type: .float32, shape: [1, 16, 16, 3]),
            TFLiteWriter.Tensor(name: "axes", type: .int32, shape: [2], buffer: axesBuffer),
            TFLiteWriter.Tensor(name: "colour", type: .float32, shape: [1, 3]),
        ], inputs: [0], outputs: [2], operators: [
            TFLiteWriter.Operator(BuiltinOperator(rawValue: 40), inputs: [0, 1], outputs: [2], options: .reducer(keepDims: false)),  // MEAN
        ])]
        model.signatures = [TFLiteWriter.Signature(key: "serving_default", inputs: [.init(name: "image", tensorIndex: 0)],
                                                   outputs: [.init(name: "colour", tensorIndex: 2)])]
        return try TFLiteWriter.serialize(model)
    }

    @Test("a model whose outputs equal its labels (no background) is scored without an offset")
    func noBackground() async throws {
        let directory = TemporaryDirectory()
        let modelPath = directory.path + "/mean_colour.tflite"
        try Data(try Self.meanColourModel()).write(to: URL(fileURLWithPath: modelPath))
        let labelsPath = directory.path + "/colours.txt"
        try Data("red\ngreen\nblue\n".utf8).write(to: URL(fileURLWithPath: labelsPath))
        // Each image goes in the folder of its dominant channel, computed here from the resized pixels.
        var classes: [String: [String]] = [:]
        for image in ["cat.bmp", "bird.bmp", "sunflower.bmp", "grace_hopper.bmp", "parrot.jpg"] {
            let pixels = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: Fixtures.image(image))).resized(width: 16, height: 16).pixels
            var sums = [0, 0, 0]
            for (index, value) in pixels.enumerated() { sums[index % 3] += Int(value) }
            let dominant = sums.firstIndex(of: sums.max()!)!
            classes[["red", "green", "blue"][dominant], default: []].append(image)
        }
        let folder = try LabelledFolder(classes)
        var request = AccuracyRequest(configurations: [BenchConfiguration(modelPath: modelPath, settings: RunSettings())], datasetPath: folder.path)
        request.labelsPath = labelsPath
        request.latencyRuns = 2
        let report = try await AccuracyEvaluator.evaluate(request)
        let configuration = try #require(report.configurations.first)
        #expect(configuration.outputClasses == 3 && configuration.classOffset == 0)
        #expect(configuration.top1 == Proportion(successes: 5, total: 5), "\(classes)")
    }

    /// A 1×1-pixel "classifier" whose run fails for any pixel value above 1: the RGB values index a 2-entry table
    /// (RESHAPE → CAST → GATHER), so the zero-filled first run succeeds and the first real image fails inside LiteRT.
    static func failingModel() throws -> [UInt8] {
        var model = TFLiteWriter.Model(description: "gather by pixel")
        let shapeBuffer = model.addBuffer([Int32(3)].withUnsafeBytes { Array($0) })
        let tableBuffer = model.addBuffer([Float(0.25), Float(0.75)].withUnsafeBytes { Array($0) })
        model.subgraphs = [TFLiteWriter.Subgraph(tensors: [
            // scale 1/128, zero point 128: pycoral's encoding copies the pixels unchanged.
            TFLiteWriter.Tensor(name: "image", type: .uint8, shape: [1, 1, 1, 3], quantization: SchemaQuantization(scales: [1.0 / 128], zeroPoints: [128])),
            TFLiteWriter.Tensor(name: "shape", type: .int32, shape: [1], buffer: shapeBuffer),
            TFLiteWriter.Tensor(name: "flat", type: .uint8, shape: [3], quantization: SchemaQuantization(scales: [1.0 / 128], zeroPoints: [128])),
            TFLiteWriter.Tensor(name: "indices", type: .int32, shape: [3]),
            TFLiteWriter.Tensor(name: "table", type: .float32, shape: [2], buffer: tableBuffer),
            TFLiteWriter.Tensor(name: "scores", type: .float32, shape: [3]),
        ], inputs: [0], outputs: [5], operators: [
            TFLiteWriter.Operator(.reshape, inputs: [0, 1], outputs: [2], options: .reshape(newShape: [3])),
            TFLiteWriter.Operator(BuiltinOperator(rawValue: 53), inputs: [2], outputs: [3]),  // CAST
            TFLiteWriter.Operator(BuiltinOperator(rawValue: 36), inputs: [4, 3], outputs: [5]),  // GATHER
        ])]
        model.signatures = [TFLiteWriter.Signature(key: "serving_default", inputs: [.init(name: "image", tensorIndex: 0)],
                                                   outputs: [.init(name: "scores", tensorIndex: 5)])]
        return try TFLiteWriter.serialize(model)
    }

    @Test("a configuration that fails while running is reported failed with its message and exit code 1; the others finish")
    func runtimeFailure() async throws {
        let directory = TemporaryDirectory()
        let modelPath = directory.path + "/gather_by_pixel.tflite"
        try Data(try Self.failingModel()).write(to: URL(fileURLWithPath: modelPath))
        let labelsPath = directory.path + "/abc.txt"
        try Data("a\nb\nc\n".utf8).write(to: URL(fileURLWithPath: labelsPath))
        let folder = try LabelledFolder(["a": ["parrot.jpg", "cat.bmp"]])
        var request = AccuracyRequest(configurations: [BenchConfiguration(modelPath: Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), settings: RunSettings()),
                                                       BenchConfiguration(modelPath: modelPath, settings: RunSettings(kernels: .builtin))],
                                      datasetPath: folder.path)
        request.labelsPath = labelsPath
        request.latencyRuns = 1
        let report = try await AccuracyEvaluator.evaluate(request)
        let failed = try #require(report.configurations.last)
        #expect(failed.status == "failed" && failed.exitCode == 1)
        #expect(failed.error?.isEmpty == false)
        #expect(failed.evaluated == 0 && failed.failed == 2 && failed.latency == nil)
        let first = try #require(report.configurations.first)
        #expect(first.status == "ok" && first.evaluated == 2 && first.latency != nil)
    }

    @Test("--center-crop and --fast-decode are stated in the report, still find the parrot, and show what fast decoding changed")
    func preprocessingOptions() async throws {
        let folder = try LabelledFolder(["macaw": ["parrot.jpg"], "Egyptian_cat": ["cat_720p.jpg"]])
        var request = AccuracyRequest(configurations: [BenchConfiguration(modelPath: Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), settings: RunSettings())],
                                      datasetPath: folder.path)
        request.labelsPath = Fixtures.labels("imagenet_labels.txt")
        request.centerCrop = 0.875
        request.fastDecode = true
        request.latencyRuns = 0
        let report = try await AccuracyEvaluator.evaluate(request)
        #expect(report.preprocessing == Preprocessing(centerCrop: 0.875, decoder: .fast))
        #expect(AccuracyText.render(report).contains("fast JPEG decode (DCT scaling), central 87.5% crop"))
        #expect(report.configurations.first?.perClass.first { $0.index == 89 }?.top1.successes == 1)
        // The baseline runs again on exact decodes, last, and is compared with its fast-decoded self.
        #expect(report.configurations.map(\.decoder) == [.fast, .exact])
        let exact = try #require(report.configurations.last)
        #expect(exact.label.hasSuffix("(exact decode)"))
        #expect(exact.vsBaseline?.pairedImages == 2)
        #expect((exact.vsBaseline?.maxAbsDelta ?? 0) > 0, "fast decoding changes the pixels, so some score moves")
    }

    @Test("DCT scaling keeps at least the size asked for, and only shrinks by libjpeg-turbo's factors")
    func scaledDecode() throws {
        let url = URL(fileURLWithPath: Fixtures.image("cat_720p.jpg"))
        let full = try ImageDecoder.decode(contentsOf: url)
        let scaled = try ImageDecoder.decode(contentsOf: url, atLeastWidth: 224, height: 224)
        #expect(scaled.width >= 224 && scaled.height >= 224)
        #expect(scaled.width < full.width)
        // libjpeg-turbo scales by k/8: the smallest k whose output still covers 224 × 224.
        let k = try #require((1...8).first { (full.height * $0 + 7) / 8 >= 224 && (full.width * $0 + 7) / 8 >= 224 })
        #expect(scaled.width == (full.width * k + 7) / 8 && scaled.height == (full.height * k + 7) / 8)
        let bmp = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: Fixtures.image("cat.bmp")), atLeastWidth: 1, height: 1)
        #expect(bmp == (try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: Fixtures.image("cat.bmp")))))
    }
}
