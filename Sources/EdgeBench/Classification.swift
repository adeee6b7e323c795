import Foundation
import Imaging
import LiteRT

/// What `edgebench classify` needs to know.
public struct ClassifyRequest: Sendable {
    public var modelPath: String
    public var imagePath: String
    public var labelsPath: String?
    public var topK: Int = 3
    public var threshold: Double = 0
    public var runs: Int = 5
    public var settings = RunSettings()
    /// Overrides the normalisation; nil uses the model's metadata, else 128/128.
    public var inputMean: Float?
    public var inputStd: Float?

    public init(modelPath: String, imagePath: String) {
        self.modelPath = modelPath
        self.imagePath = imagePath
    }
}

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
}

/// Classifies images with a compiled model.
public struct Classifier: Sendable {
    /// The largest image side an image input may declare (a corrupt shape would otherwise make LiteRT
    /// allocate and compute gigantic tensors).
    public static let maxImageSide = 4096

    /// Runs the whole classify flow: read and check the model, decode and resize the image,
    /// encode it, run `runs` times, dequantize the output and pick the top classes.
    /// - Throws: the first failure, as a typed error with a message for the user.
    public static func classify(_ request: ClassifyRequest, runtime: RuntimeLocation? = nil) throws -> ClassificationReport {
        let file = try ModelFile(path: request.modelPath)
        var warnings: [String] = []
        let labels: Labels?
        let labelsSource: String?
        if let path = request.labelsPath {
            labels = try Labels(contentsOf: path)
            labelsSource = path
        } else if let embedded = file.embeddedLabels {
            labels = embedded
            labelsSource = "embedded"
        } else {
            labels = nil
            labelsSource = nil
        }
        let normalization = InputNormalization(
            mean: request.inputMean ?? file.embeddedNormalization?.mean ?? InputNormalization.pycoralDefault.mean,
            std: request.inputStd ?? file.embeddedNormalization?.std ?? InputNormalization.pycoralDefault.std)
        // Check the input shape from the file first: LiteRT would try to allocate whatever it says.
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
        // Decode before loading the runtime: a bad image is reported without waiting for a compile.
        let image = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: request.imagePath))

        let (session, firstRun) = try Session.openRunningFirst(
            file: file, settings: request.settings, runtime: runtime,
            prepareInputs: { session in
                let input = try session.compiled.inputs.first.orThrow(EdgeBenchError.notAnImageModel(model: file.name, detail: "it has no inputs"))
                let encoded = try TensorCoding.encode(image: image, for: input.info, model: file.name, normalization: normalization)
                try encoded.withUnsafeBytes { try input.write($0) }
            },
            notice: { warnings.append($0) })
        warnings.append(contentsOf: session.notes)
        if let output = session.compiled.outputs.first?.info {  // the shape LiteRT allocated (set at run time for some ops)
            try Classifier.checkScoreVector(name: output.name, shape: output.shape, model: file.name)
        }
        let timings = [firstRun] + (try session.timedRuns(max(request.runs, 1) - 1, includingFirst: false))
        let scores = try session.outputValues(0)
        if let labels, labels.count != scores.count {
            warnings.append("the labels have \(labels.count) entries but the model has \(scores.count) classes; labels may be offset")
        }
        let top = scores.topK(request.topK, threshold: request.threshold, labels: labels)
        return ClassificationReport(
            model: request.modelPath, image: request.imagePath, backend: session.settings.backend.rawValue,
            threads: session.settings.effectiveThreads, kernels: session.settings.kernels.rawValue,
            timingsMs: timings.map(\.milliseconds), results: top, labelsSource: labelsSource,
            normalization: normalization, phases: session.phases, warnings: warnings)
    }
}

extension Classifier {
    /// Refuses an output that is not a vector of class scores: `[N]` or `[1, N]` with N ≥ 2.
    /// - Throws: `EdgeBenchError.notAClassifier` with the output's shape.
    public static func checkScoreVector(name: String, shape: [Int], model: String) throws {
        let isVector = (shape.count == 1 && shape[0] >= 2) || (shape.count == 2 && shape[0] == 1 && shape[1] >= 2)
        guard isVector else { throw EdgeBenchError.notAClassifier(model: model, output: name, shape: shape) }
    }
}

extension Optional {
    func orThrow(_ error: @autoclosure () -> Error) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}
