import Foundation
import Results
import Imaging
import LiteRT
import Synchronization

/// What `edgebench accuracy` runs.
public struct AccuracyRequest: Sendable {
    /// The configurations; the first is the baseline.
    public var configurations: [BenchConfiguration]
    /// A folder per class, or a CSV manifest.
    public var datasetPath: String
    /// A labels file; nil uses the baseline model's metadata.
    public var labelsPath: String?
    public var skipUnknown = false
    /// The central fraction kept before resizing; nil resizes the whole image (classify's way).
    public var centerCrop: Double?
    /// Decode large JPEGs with libjpeg-turbo's DCT scaling (faster, not Pillow-exact).
    public var fastDecode = false
    /// Runs of the separate invoke-only latency pass per configuration.
    public var latencyRuns = 20
    /// Decoded images allowed to wait for inference (the bounded queue between decode and inference).
    public var queueDepth = 4

    public init(configurations: [BenchConfiguration], datasetPath: String) {
        self.configurations = configurations
        self.datasetPath = datasetPath
    }
}

/// How far an accuracy run is.
public struct AccuracyProgress: Sendable {
    public var done: Int
    public var total: Int
    public var elapsedSeconds: Double
    public var imagesPerSecond: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }
    public var etaSeconds: Double? { done > 0 && imagesPerSecond > 0 ? Double(total - done) / imagesPerSecond : nil }
}

/// Measures top-1/top-5 accuracy and agreement of configurations over a labelled image set.
///
/// One pass over the dataset: each image is decoded once, resized for each input size, and run on every
/// configuration in turn, so the outcomes are paired. Decoding of the next images runs in child tasks (a sliding
/// window of `queueDepth` images) while the parent task runs inference: sessions are not thread-safe, so every
/// inference happens on that one task. Latency comes from a separate invoke-only pass afterwards, with nothing
/// competing for the cores.
public enum AccuracyEvaluator {
    /// `evaluate` for synchronous callers (the command line): blocks the calling thread, which must not be one of
    /// Swift's concurrency pool (from async code, call `evaluate` itself).
    public static func evaluateBlocking(_ request: AccuracyRequest, runtime: RuntimeLocation? = nil,
                                progress: (@Sendable (AccuracyProgress) -> Void)? = nil,
                                shouldStop: (@Sendable () -> Bool)? = nil) throws -> AccuracyReport {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                let report = try await evaluate(request, runtime: runtime, progress: progress, shouldStop: shouldStop)
                box.result.withLock { $0 = .success(report) }
            } catch {
                box.result.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        return try box.result.withLock { $0 }!.get()
    }

    /// The detached task's outcome, handed to the waiting thread.
    private final class ResultBox: Sendable {
        let result = Mutex<Result<AccuracyReport, Error>?>(nil)
    }

    /// Runs the whole evaluation.
    /// - Throws: `AccuracyError` and model errors before anything runs (exit 3); the first session's error when no
    ///   configuration could open. A configuration that fails later is reported as failed, with its message.
    public static func evaluate(_ request: AccuracyRequest, runtime: RuntimeLocation? = nil,
                                progress: (@Sendable (AccuracyProgress) -> Void)? = nil,
                                shouldStop: (@Sendable () -> Bool)? = nil) async throws -> AccuracyReport {
        if let crop = request.centerCrop, !(crop > 0 && crop <= 1) { throw AccuracyError.invalidCenterCrop(crop) }
        var warnings: [String] = []
        let files = try request.configurations.map { try ModelFile(path: $0.modelPath) }
        for file in files { try checkShapes(file) }
        let labels: Labels?, labelsSource: String?
        if let path = request.labelsPath {
            labels = try Labels(contentsOf: path)
            labelsSource = path
        } else if let embedded = files.first?.embeddedLabels {
            labels = embedded
            labelsSource = "embedded"
        } else {
            labels = nil
            labelsSource = nil
        }
        let dataset = try AccuracyDataset(path: request.datasetPath, labels: labels, skipUnknown: request.skipUnknown)
        let maxTruth = dataset.images.map(\.labelIndex).max() ?? 0

        // Open every configuration; one that cannot open is reported, the others still run.
        var lanes: [Lane] = []
        var opening = zip(request.configurations, files).map { (configuration: $0, file: $1, decoding: request.fastDecode ? ImageDecoding.fast : .exact) }
        // With --fast-decode the baseline also runs on exact decodes, last, so the report shows what fast decoding changed.
        if request.fastDecode, let first = opening.first { opening.append((first.configuration, first.file, .exact)) }
        for (configuration, file, decoding) in opening {
            let lane = Lane(configuration: configuration, file: file, decoding: decoding)
            lanes.append(lane)
            do {
                try lane.open(runtime: runtime, labels: labels, notice: { warnings.append($0) })
            } catch let error as AccuracyError {
                throw error
            } catch let error as EdgeBenchError {
                if case .notAnImageModel = error { throw error }
                if case .notAClassifier = error { throw error }
                lane.fail(error)
            } catch {
                lane.fail(error)
            }
            if lane.session != nil, let outputs = lane.outputClasses, maxTruth + lane.offset >= outputs {
                throw AccuracyError.labelOutsideOutputs(model: file.name, labelIndex: maxTruth, outputClasses: outputs, offset: lane.offset)
            }
            warnings.append(contentsOf: lane.notes)
        }
        if lanes.allSatisfy({ $0.session == nil }), let first = lanes.first?.openError { throw first }

        let preprocessing = Preprocessing(centerCrop: request.centerCrop, decoder: request.fastDecode ? .fast : .exact)
        let plans = lanes.map { $0.plan }
        let clock = ContinuousClock()
        let start = clock.now
        let created = ISO8601DateFormatter().string(from: Date())
        var skipped: [SkippedImage] = []
        var completed = 0
        let total = dataset.images.count
        var interrupted = false

        // Decoding runs in `producers` child tasks (image k, k + producers, …), each putting its images into a bounded
        // queue (at most queueDepth waiting); this task takes them and runs inference. With one producer per core
        // left over by inference, inference never waits for a free thread of the pool behind a decode.
        let producers = Self.decodeTasks(queueDepth: request.queueDepth)
        let queue = PreparedImageQueue(capacity: max(1, request.queueDepth), producers: producers)
        await withTaskGroup(of: Void.self) { group in
            for first in 0..<producers {
                group.addTask {
                    var index = first
                    while index < total, !Task.isCancelled {
                        let image = dataset.images[index]
                        let prepared = PreparedImage.prepare(index: index, path: image.path, plans: plans, preprocessing: preprocessing)
                        guard await queue.put(prepared) else { break }
                        index += producers
                    }
                    await queue.producerFinished()
                }
            }
            while let prepared = await queue.take() {
                // The image in flight has finished: stop before the next one.
                if shouldStop?() == true { interrupted = true; break }
                switch prepared.content {
                case let .skipped(reason):
                    skipped.append(SkippedImage(image: dataset.images[prepared.index].name, reason: reason))
                case let .ready(inputs):
                    let truth = dataset.images[prepared.index].labelIndex
                    var baselineScores: [Double]?
                    for (laneIndex, lane) in lanes.enumerated() {
                        guard let bytes = inputs[laneIndex] else { continue }
                        let scores = lane.infer(bytes, imageIndex: prepared.index, truth: truth, clock: clock)
                        if laneIndex == 0 { baselineScores = scores }
                        if laneIndex > 0, let baseline = baselineScores, let scores { lane.accumulateDelta(baseline, scores) }
                    }
                }
                completed += 1
                progress?(AccuracyProgress(done: completed, total: total, elapsedSeconds: (clock.now - start).seconds))
                if completed < total, shouldStop?() == true { interrupted = true; break }
            }
            await queue.close()
            group.cancelAll()
        }
        let wall = (clock.now - start).seconds
        if interrupted {
            // Before the first image nothing was evaluated: nothing to report, write or store.
            guard completed > 0 else { throw AccuracyInterrupted(evaluated: 0, total: total) }
            warnings.append("interrupted after \(completed) of \(total) images: the figures cover those only")
        } else {
            // An interrupted run ends promptly: no latency pass.
            for lane in lanes { lane.measureLatency(runs: request.latencyRuns) }
        }

        let names = dataset.images.map(\.name)
        let results = lanes.enumerated().map { index, lane in
            lane.summary(baseline: index == 0 ? nil : lanes[0], baselineDecodesFast: request.fastDecode, imageNames: names, truths: dataset.images.map(\.labelIndex),
                         labels: labels, skippedCount: skipped.count, total: total)
        }
        // Every pair, not only against the baseline: row i, column j is the top-1 agreement of i and j.
        let matrix = lanes.map { row in lanes.map { column in row.agreement(with: column) } }
        let classCount = Set(dataset.images.map(\.labelIndex)).count
        let summary = DatasetSummary(
            path: request.datasetPath, absolutePath: URL(fileURLWithPath: request.datasetPath).standardizedFileURL.path,
            layout: dataset.layout, images: total, classes: classCount, skippedClasses: dataset.skippedClasses,
            ignoredFiles: dataset.ignoredFiles, labelsSource: labelsSource)
        let pipeline = PipelineSummary(wallSeconds: wall, imagesPerSecond: wall > 0 && completed > 0 ? Double(completed) / wall : nil,
                                       queueDepth: max(1, request.queueDepth))
        var report = AccuracyReport(dataset: summary, preprocessing: preprocessing, pipeline: pipeline,
                                    skipped: skipped.sorted { $0.image < $1.image }, configurations: results, warnings: warnings)
        report.interrupted = interrupted
        report.agreementMatrix = matrix
        report.created = created
        report.environment = MachineFingerprint.current(runtime: runtime)
        return report
    }

    /// Decoding tasks for the pipeline: one per core that inference leaves free (at least one), at most `queueDepth`.
    static func decodeTasks(queueDepth: Int) -> Int {
        max(1, min(max(1, queueDepth), ProcessInfo.processInfo.activeProcessorCount - 1))
    }

    /// The checks classify makes on the file before any runtime allocates what it says.
    static func checkShapes(_ file: ModelFile) throws {
        if let input = file.format.inputTensors.first {
            let shape = input.shape
            guard shape.count == 4, shape[0] == 1, shape[3] == 3, (1...Classifier.maxImageSide).contains(shape[1]),
                  (1...Classifier.maxImageSide).contains(shape[2]) else {
                throw EdgeBenchError.notAnImageModel(model: file.name,
                    detail: "its input '\(input.name)' has shape \(shape), not [1, height, width, 3] with sides of 1…\(Classifier.maxImageSide)")
            }
        }
        if let output = file.format.outputTensors.first, !output.shape.isEmpty {
            try Classifier.checkScoreVector(name: output.name, shape: output.shape, model: file.name)
        }
    }
}

/// How one configuration wants its input: the tensor and the normalisation (nil: the configuration is not running).
struct EncodingPlan: Sendable {
    var input: TensorInfo
    var normalization: InputNormalization
    var decoding: ImageDecoding
}

/// One resized image: the decode it came from and its size.
struct ResizeKey: Hashable {
    var decoding: ImageDecoding
    var height: Int
    var width: Int
}

/// One image decoded and encoded for every configuration, or the reason it could not be.
struct PreparedImage: Sendable {
    enum Content: Sendable {
        /// Input bytes per configuration (nil for one that is not running).
        case ready([[UInt8]?])
        case skipped(String)
    }
    var index: Int
    var content: Content

    static func prepare(index: Int, path: String, plans: [EncodingPlan?], preprocessing: Preprocessing) -> PreparedImage {
        do {
            let url = URL(fileURLWithPath: path)
            let fraction = preprocessing.centerCrop ?? 1
            var decoded: [ImageDecoding: RGBImage] = [:]
            func image(_ decoding: ImageDecoding) throws -> RGBImage {
                if let image = decoded[decoding] { return image }
                var image: RGBImage
                if decoding == .fast {
                    // DCT scaling must leave at least the model's input size inside the crop.
                    let width = plans.compactMap { $0?.input.shape[2] }.max() ?? 1
                    let height = plans.compactMap { $0?.input.shape[1] }.max() ?? 1
                    image = try ImageDecoder.decode(contentsOf: url, atLeastWidth: Int((Double(width) / fraction).rounded(.up)),
                                                    height: Int((Double(height) / fraction).rounded(.up)))
                } else {
                    image = try ImageDecoder.decode(contentsOf: url)
                }
                if let crop = preprocessing.centerCrop, crop < 1 { image = try image.centerCropped(fraction: crop) }
                decoded[decoding] = image
                return image
            }
            var resized: [ResizeKey: [UInt8]] = [:]
            let inputs: [[UInt8]?] = try plans.map { plan in
                guard let plan else { return nil }
                let key = ResizeKey(decoding: plan.decoding, height: plan.input.shape[1], width: plan.input.shape[2])
                let pixels = try resized[key] ?? image(plan.decoding).resized(width: key.width, height: key.height).pixels
                resized[key] = pixels
                return TensorCoding.encode(pixels: pixels, for: plan.input, normalization: plan.normalization)
            }
            return PreparedImage(index: index, content: .ready(inputs))
        } catch {
            return PreparedImage(index: index, content: .skipped(error.localizedDescription))
        }
    }
}

extension RGBImage {
    /// The central `fraction` of each side, as TensorFlow's `central_crop` takes it.
    func centerCropped(fraction: Double) throws -> RGBImage {
        let top = Int(Double(height) * (1 - fraction) / 2), left = Int(Double(width) * (1 - fraction) / 2)
        let newHeight = max(1, height - 2 * top), newWidth = max(1, width - 2 * left)
        var pixels = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        for row in 0..<newHeight {
            let source = ((top + row) * width + left) * 3
            pixels.replaceSubrange(row * newWidth * 3..<(row + 1) * newWidth * 3, with: self.pixels[source..<source + newWidth * 3])
        }
        return try RGBImage(width: newWidth, height: newHeight, pixels: pixels)
    }
}

extension Duration {
    var seconds: Double { milliseconds / 1000 }
}

/// An accuracy run stopped (`shouldStop`) before its first image was evaluated: there is nothing to report.
public struct AccuracyInterrupted: Error, Sendable {
    public var evaluated: Int
    public var total: Int
}
