import Foundation

/// The result of classifying one image; its JSON form is a contract other tools parse.
public struct ClassificationReport: Sendable, Codable {
    public var model: String
    public var image: String
    public var backend: String
    public var threads: Int
    public var kernels: String
    /// One entry per run, in milliseconds; the first is the cold run.
    public var timingsMs: [Double]
    public var results: [ClassScore]
    /// Where the labels came from: a file path, "embedded", or nil.
    public var labelsSource: String?
    public var normalization: InputNormalization
    public var phases: PhaseTimings
    /// Notes worth showing (e.g. labels count mismatch).
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case model, image, backend, threads, kernels, results, normalization, phases, warnings
        case timingsMs = "timings_ms", labelsSource = "labels_source"
    }

    package init(model: String, image: String, backend: String, threads: Int, kernels: String, timingsMs: [Double],
                 results: [ClassScore], labelsSource: String?, normalization: InputNormalization, phases: PhaseTimings,
                 warnings: [String]) {
        self.model = model
        self.image = image
        self.backend = backend
        self.threads = threads
        self.kernels = kernels
        self.timingsMs = timingsMs
        self.results = results
        self.labelsSource = labelsSource
        self.normalization = normalization
        self.phases = phases
        self.warnings = warnings
    }
}

/// How long each phase of getting a model ready took, in milliseconds.
public struct PhaseTimings: Sendable, Codable, Equatable {
    public var runtimeLoadMs: Double
    public var modelLoadMs: Double
    public var compileMs: Double

    enum CodingKeys: String, CodingKey {
        case runtimeLoadMs = "runtime_load_ms", modelLoadMs = "model_load_ms", compileMs = "compile_ms"
    }

    package init(runtimeLoadMs: Double, modelLoadMs: Double, compileMs: Double) {
        self.runtimeLoadMs = runtimeLoadMs
        self.modelLoadMs = modelLoadMs
        self.compileMs = compileMs
    }
}

/// One class in a classification result.
public struct ClassScore: Sendable, Codable, Equatable {
    public var index: Int
    public var label: String?
    public var score: Double

    package init(index: Int, label: String?, score: Double) {
        self.index = index
        self.label = label
        self.score = score
    }
}

