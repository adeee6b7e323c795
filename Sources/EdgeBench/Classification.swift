import Results
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

/// What classification checks of a model (the classify flow itself is EdgeBenchKit's `ImageClassifier`).
public struct Classifier: Sendable {
    /// The largest image side an image input may declare (a corrupt shape would otherwise make LiteRT
    /// allocate and compute gigantic tensors).
    public static let maxImageSide = 4096

    /// Refuses, from the file alone (before LiteRT would allocate whatever it says), a model whose input 0 is
    /// not an image `[1, height, width, 3]` with sides of 1…`maxImageSide`, or whose output 0 is not a score vector.
    /// - Throws: `EdgeBenchError.notAnImageModel`, `.notAClassifier`, naming the tensor and its shape.
    public static func checkImageClassifier(_ file: ModelFile) throws {
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
