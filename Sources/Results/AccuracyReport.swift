import Foundation

/// The result of `edgebench accuracy`; its JSON form (`edgebench.accuracy/1`) is documented in the README.
public struct AccuracyReport: Sendable, Codable {
    public static let schemaName = "edgebench.accuracy/1"
    /// Every schema a reader accepts (`created` and `environment` were added later, nullable, within /1).
    public static let readableSchemas: Set<String> = ["edgebench.accuracy/1"]
    /// The one tie rule of every command that ranks classes (`topK`).
    public static let tieRule = "equal scores rank the lowest class index first"

    public var schema = AccuracyReport.schemaName
    public var dataset: DatasetSummary
    public var preprocessing: Preprocessing
    public var tieRule = AccuracyReport.tieRule
    public var pipeline: PipelineSummary
    /// Images that could not be decoded: counted and listed, never scored.
    public var skipped: [SkippedImage]
    public var configurations: [ConfigurationAccuracy]
    public var warnings: [String]
    /// True when Ctrl-C stopped the run early: the figures cover the images done.
    public var interrupted = false
    /// Top-1 agreement of every pair of configurations: row i, column j, in the order of `configurations`.
    public var agreementMatrix: [[Proportion]] = []
    /// When the run started (ISO 8601, UTC); nil in files written before it was recorded.
    public var created: String?
    /// The machine fingerprint (as bench records it); nil in files written before it was recorded.
    public var environment: MachineFingerprint?

    enum CodingKeys: String, CodingKey {
        case schema, dataset, preprocessing, pipeline, skipped, configurations, warnings, interrupted, created, environment
        case tieRule = "tie_rule", agreementMatrix = "agreement_matrix"
    }

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(schema: String = AccuracyReport.schemaName, dataset: DatasetSummary, preprocessing: Preprocessing, tieRule: String = AccuracyReport.tieRule, pipeline: PipelineSummary, skipped: [SkippedImage], configurations: [ConfigurationAccuracy], warnings: [String], interrupted: Bool = false, agreementMatrix: [[Proportion]] = [], created: String? = nil, environment: MachineFingerprint? = nil) {
        self.schema = schema
        self.dataset = dataset
        self.preprocessing = preprocessing
        self.tieRule = tieRule
        self.pipeline = pipeline
        self.skipped = skipped
        self.configurations = configurations
        self.warnings = warnings
        self.interrupted = interrupted
        self.agreementMatrix = agreementMatrix
        self.created = created
        self.environment = environment
    }
}

public struct DatasetSummary: Sendable, Codable {
    public var path: String
    public var absolutePath: String
    public var layout: DatasetLayout
    public var images: Int
    public var classes: Int
    public var skippedClasses: [String]
    public var ignoredFiles: [String]
    /// A labels file path, "embedded" (the baseline model's metadata) or nil.
    public var labelsSource: String?

    enum CodingKeys: String, CodingKey {
        case path, layout, images, classes
        case absolutePath = "absolute_path", skippedClasses = "skipped_classes", ignoredFiles = "ignored_files", labelsSource = "labels_source"
    }

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(path: String, absolutePath: String, layout: DatasetLayout, images: Int, classes: Int, skippedClasses: [String], ignoredFiles: [String], labelsSource: String? = nil) {
        self.path = path
        self.absolutePath = absolutePath
        self.layout = layout
        self.images = images
        self.classes = classes
        self.skippedClasses = skippedClasses
        self.ignoredFiles = ignoredFiles
        self.labelsSource = labelsSource
    }
}

/// How images are decoded.
public enum ImageDecoding: String, Sendable, Codable {
    /// Full-size decode, as Pillow does it (the default).
    case exact
    /// libjpeg-turbo's DCT scaling of large JPEGs (`--fast-decode`).
    case fast
}

public struct Preprocessing: Sendable, Codable, Equatable {
    /// The central fraction kept before resizing, or nil for the whole image (classify's way).
    public var centerCrop: Double?
    public var decoder: ImageDecoding
    public var resize = "lanczos3 (Pillow's ANTIALIAS/LANCZOS)"

    public init(centerCrop: Double?, decoder: ImageDecoding) {
        self.centerCrop = centerCrop
        self.decoder = decoder
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(centerCrop, forKey: .centerCrop); try c.encode(decoder, forKey: .decoder); try c.encode(resize, forKey: .resize)
    }

    public var summary: String {
        let crop = centerCrop.map { "central \(String(format: "%.1f", $0 * 100))% crop" } ?? "whole image"
        let decode = decoder == .fast ? "fast JPEG decode (DCT scaling)" : "exact decode"
        return "\(decode), \(crop), Lanczos resize to the model input, the model's normalisation (as classify)"
    }

    enum CodingKeys: String, CodingKey {
        case decoder, resize
        case centerCrop = "center_crop"
    }

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(centerCrop: Double? = nil, decoder: ImageDecoding, resize: String = "lanczos3 (Pillow's ANTIALIAS/LANCZOS)") {
        self.centerCrop = centerCrop
        self.decoder = decoder
        self.resize = resize
    }
}

public struct PipelineSummary: Sendable, Codable {
    public var wallSeconds: Double
    /// Images through the whole pipeline per second (decode + every configuration's inference).
    public var imagesPerSecond: Double?
    /// Decoded images allowed to wait for inference.
    public var queueDepth: Int

    enum CodingKeys: String, CodingKey {
        case wallSeconds = "wall_s", imagesPerSecond = "images_per_second", queueDepth = "queue_depth"
    }

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(wallSeconds: Double, imagesPerSecond: Double? = nil, queueDepth: Int) {
        self.wallSeconds = wallSeconds
        self.imagesPerSecond = imagesPerSecond
        self.queueDepth = queueDepth
    }
}

public struct SkippedImage: Sendable, Codable, Equatable {
    public var image: String
    public var reason: String

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(image: String, reason: String) {
        self.image = image
        self.reason = reason
    }
}

public struct ConfigurationAccuracy: Sendable, Codable {
    /// The canonical configuration text (parses back to the same configuration).
    public var configuration: String
    /// A short name for tables: the model file and its settings.
    public var label: String
    /// How this configuration's images were decoded; with `--fast-decode` the baseline appears a second time, last,
    /// decoded exactly, so that its comparison shows what fast decoding changed.
    public var decoder: ImageDecoding
    public var model: String
    public var backend: String
    public var threads: Int?
    public var kernels: String?
    /// "ok"; "unavailable" (the backend cannot run here; the command still succeeds, as compare does);
    /// "failed" (the configuration failed: its exit code ends the command, after the report).
    public var status: String
    public var error: String?
    public var exitCode: Int32?
    public var normalization: InputNormalization?
    public var outputClasses: Int?
    /// 1 when output 0 is a background class the labels lack (1001 outputs, 1000 labels), else 0.
    public var classOffset: Int
    public var evaluated: Int
    public var skipped: Int
    public var failed: Int
    public var top1: Proportion
    public var top5: Proportion
    /// Images whose top-1 was decided by the tie rule (the two best scores equal).
    public var tiesDecidingTop1: Int
    public var latency: LatencySummary?
    public var perClass: [ClassAccuracy]
    public var vsBaseline: BaselineComparison?

    enum CodingKeys: String, CodingKey {
        case configuration, label, decoder, model, backend, threads, kernels, status, error, normalization, evaluated, skipped, failed, top1, top5, latency
        case exitCode = "exit_code", outputClasses = "output_classes", classOffset = "class_offset"
        case tiesDecidingTop1 = "ties_deciding_top1", perClass = "per_class", vsBaseline = "vs_baseline"
    }

    public func encode(to encoder: Encoder) throws {
        // Absent values are null, never omitted.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(configuration, forKey: .configuration); try c.encode(label, forKey: .label); try c.encode(decoder, forKey: .decoder); try c.encode(model, forKey: .model)
        try c.encode(backend, forKey: .backend); try c.encode(threads, forKey: .threads); try c.encode(kernels, forKey: .kernels)
        try c.encode(status, forKey: .status); try c.encode(error, forKey: .error); try c.encode(exitCode, forKey: .exitCode)
        try c.encode(normalization, forKey: .normalization); try c.encode(outputClasses, forKey: .outputClasses)
        try c.encode(classOffset, forKey: .classOffset); try c.encode(evaluated, forKey: .evaluated)
        try c.encode(skipped, forKey: .skipped); try c.encode(failed, forKey: .failed)
        try c.encode(top1, forKey: .top1); try c.encode(top5, forKey: .top5)
        try c.encode(tiesDecidingTop1, forKey: .tiesDecidingTop1); try c.encode(latency, forKey: .latency)
        try c.encode(perClass, forKey: .perClass); try c.encode(vsBaseline, forKey: .vsBaseline)
    }

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(configuration: String, label: String, decoder: ImageDecoding, model: String, backend: String, threads: Int? = nil, kernels: String? = nil, status: String, error: String? = nil, exitCode: Int32? = nil, normalization: InputNormalization? = nil, outputClasses: Int? = nil, classOffset: Int, evaluated: Int, skipped: Int, failed: Int, top1: Proportion, top5: Proportion, tiesDecidingTop1: Int, latency: LatencySummary? = nil, perClass: [ClassAccuracy], vsBaseline: BaselineComparison? = nil) {
        self.configuration = configuration
        self.label = label
        self.decoder = decoder
        self.model = model
        self.backend = backend
        self.threads = threads
        self.kernels = kernels
        self.status = status
        self.error = error
        self.exitCode = exitCode
        self.normalization = normalization
        self.outputClasses = outputClasses
        self.classOffset = classOffset
        self.evaluated = evaluated
        self.skipped = skipped
        self.failed = failed
        self.top1 = top1
        self.top5 = top5
        self.tiesDecidingTop1 = tiesDecidingTop1
        self.latency = latency
        self.perClass = perClass
        self.vsBaseline = vsBaseline
    }
}

public struct LatencySummary: Sendable, Codable {
    /// The separate invoke-only pass, with nothing else competing for the cores.
    public var invokeRuns: Int
    public var invokeMedianMs: Double
    public var invokeMinMs: Double
    /// The mean inference time inside the pipeline (decode competing), for comparison.
    public var pipelineMeanMs: Double?
    /// The invoke-only pass's 90th percentile and mean (nil in files written before they were recorded).
    public var invokeP90Ms: Double?
    public var invokeMeanMs: Double?

    enum CodingKeys: String, CodingKey {
        case invokeRuns = "invoke_runs", invokeMedianMs = "invoke_median_ms", invokeMinMs = "invoke_min_ms", pipelineMeanMs = "pipeline_mean_ms"
        case invokeP90Ms = "invoke_p90_ms", invokeMeanMs = "invoke_mean_ms"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(invokeRuns, forKey: .invokeRuns); try c.encode(invokeMedianMs, forKey: .invokeMedianMs)
        try c.encode(invokeMinMs, forKey: .invokeMinMs); try c.encode(pipelineMeanMs, forKey: .pipelineMeanMs)
        try c.encode(invokeP90Ms, forKey: .invokeP90Ms); try c.encode(invokeMeanMs, forKey: .invokeMeanMs)
    }

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(invokeRuns: Int, invokeMedianMs: Double, invokeMinMs: Double, pipelineMeanMs: Double? = nil, invokeP90Ms: Double? = nil, invokeMeanMs: Double? = nil) {
        self.invokeRuns = invokeRuns
        self.invokeMedianMs = invokeMedianMs
        self.invokeMinMs = invokeMinMs
        self.pipelineMeanMs = pipelineMeanMs
        self.invokeP90Ms = invokeP90Ms
        self.invokeMeanMs = invokeMeanMs
    }
}

public struct ClassAccuracy: Sendable, Codable, Equatable {
    public var index: Int
    public var label: String?
    public var top1: Proportion

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(index: Int, label: String? = nil, top1: Proportion) {
        self.index = index
        self.label = label
        self.top1 = top1
    }
}

public struct BaselineComparison: Sendable, Codable {
    /// Images both configurations evaluated.
    public var pairedImages: Int
    /// Images where both chose the same top-1 class.
    public var agreement: Proportion
    public var mcnemar: McNemarTest
    /// Mean and max |Δ| of the dequantized scores over the label space, nil when the label spaces differ in size.
    public var meanAbsDelta: Double?
    public var maxAbsDelta: Double?
    public var disagreements: [Disagreement]

    enum CodingKeys: String, CodingKey {
        case agreement, mcnemar, disagreements
        case pairedImages = "paired_images", meanAbsDelta = "mean_abs_delta", maxAbsDelta = "max_abs_delta"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pairedImages, forKey: .pairedImages); try c.encode(agreement, forKey: .agreement)
        try c.encode(mcnemar, forKey: .mcnemar); try c.encode(meanAbsDelta, forKey: .meanAbsDelta)
        try c.encode(maxAbsDelta, forKey: .maxAbsDelta); try c.encode(disagreements, forKey: .disagreements)
    }

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(pairedImages: Int, agreement: Proportion, mcnemar: McNemarTest, meanAbsDelta: Double? = nil, maxAbsDelta: Double? = nil, disagreements: [Disagreement]) {
        self.pairedImages = pairedImages
        self.agreement = agreement
        self.mcnemar = mcnemar
        self.meanAbsDelta = meanAbsDelta
        self.maxAbsDelta = maxAbsDelta
        self.disagreements = disagreements
    }
}

public struct Disagreement: Sendable, Codable, Equatable {
    public var image: String
    public var truth: ClassName
    public var baseline: ClassName
    public var other: ClassName

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(image: String, truth: ClassName, baseline: ClassName, other: ClassName) {
        self.image = image
        self.truth = truth
        self.baseline = baseline
        self.other = other
    }
}

public struct ClassName: Sendable, Codable, Equatable {
    public var index: Int
    public var label: String?

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index); try c.encode(label, forKey: .label)
    }
    public var text: String { label ?? "class \(index)" }

    // Public: the report is built in EdgeBench, another module (a synthesized memberwise init is internal).
    public init(index: Int, label: String? = nil) {
        self.index = index
        self.label = label
    }
}