import Results
import EdgeBench
import Foundation
import Imaging
import LiteRT

/// Classifies images with one loaded image-classification model.
///
/// Each image is resized to the model's input size (Lanczos, like Pillow), normalised with the
/// model's metadata or `(pixel - 128) / 128`, quantized like pycoral's `classify_image`, run, and its
/// scores dequantized and ranked.
///
/// ```swift
/// let classifier = try ImageClassifier(
///     model: try Interpreter(modelPath: "mobilenet_v2_1.0_224_quant.tflite"),
///     labels: try Labels(contentsOf: "imagenet_labels.txt"))
/// let best = try classifier.classify(contentsOf: URL(fileURLWithPath: "parrot.jpg"), topK: 1)
/// ```
///
/// Like its ``Interpreter``, a classifier is not `Sendable`: use it from one isolation domain at a time.
public final class ImageClassifier {
    /// The interpreter that runs the model; its ``Interpreter/compilationCount`` stays 1 however many images are classified.
    public let interpreter: Interpreter
    /// The labels used for results: the ones given, else those embedded in the model, else none.
    public let labels: Labels?
    /// The pixel normalisation applied before quantization.
    public let normalization: InputNormalization
    /// The height and width images are resized to.
    public let inputSize: (height: Int, width: Int)

    /// Makes a classifier of `model`.
    /// - Parameters:
    ///   - model: An interpreter whose input 0 is an image `[1, height, width, 3]` (uint8, int8 or
    ///     float32) and whose output 0 is a vector of class scores (`[N]` or `[1, N]`).
    ///   - labels: Class labels; nil takes the labels embedded in the model's metadata, if any.
    ///   - normalization: nil takes the model's metadata, else mean 128 and std 128.
    /// - Throws: `EdgeBenchError.notAnImageModel` or `.notAClassifier`, naming the tensor and its shape.
    public init(model: Interpreter, labels: Labels? = nil, normalization: InputNormalization? = nil) throws {
        let name = model.file.name
        guard let input = model.inputs.first else {
            throw EdgeBenchError.notAnImageModel(model: name, detail: "it has no inputs")
        }
        let info = TensorInfo(name: input.name, elementType: input.elementType, shape: input.shape, quantization: input.quantization)
        inputSize = try TensorCoding.imageSize(of: info, model: name)
        guard let output = model.outputs.first else {
            throw EdgeBenchError.notAClassifier(model: name, output: "(none)", shape: [])
        }
        try Classifier.checkScoreVector(name: output.name, shape: output.shape, model: name)
        interpreter = model
        self.labels = labels ?? model.file.embeddedLabels
        self.normalization = normalization ?? model.file.embeddedNormalization ?? .pycoralDefault
        inputInfo = info
    }

    private let inputInfo: TensorInfo

    /// Classifies an image.
    /// - Parameters:
    ///   - image: Any size; it is resized to ``inputSize``.
    ///   - topK: How many classes to return, best first (ties: lower index first).
    ///   - threshold: Only classes scoring above this are returned.
    /// - Returns: Up to `topK` classes.
    /// - Throws: The interpreter's errors when the run fails.
    public func classify(_ image: RGBImage, topK: Int = 3, threshold: Double = 0) throws -> [Classification] {
        let encoded = try TensorCoding.encode(image: image, for: inputInfo, model: interpreter.file.name, normalization: normalization)
        try interpreter.copy(Data(encoded), toInputAt: 0)
        try interpreter.invoke()
        return try interpreter.realOutput(at: 0).topK(topK, threshold: threshold, labels: labels)
    }

    /// Decodes an encoded image (JPEG, PNG or BMP) and classifies it.
    /// - Parameters:
    ///   - imageData: The image file's bytes.
    ///   - name: A name for error messages.
    ///   - topK: How many classes to return, best first.
    ///   - threshold: Only classes scoring above this are returned.
    /// - Returns: Up to `topK` classes.
    /// - Throws: `ImageError` when the image cannot be decoded, else as ``classify(_:topK:threshold:)``.
    public func classify(_ imageData: Data, name: String = "image", topK: Int = 3, threshold: Double = 0) throws -> [Classification] {
        try classify(try ImageDecoder.decode(bytes: [UInt8](imageData), name: name), topK: topK, threshold: threshold)
    }

    /// Reads, decodes and classifies the image file at `url`.
    /// - Parameters:
    ///   - url: A JPEG, PNG or BMP file.
    ///   - topK: How many classes to return, best first.
    ///   - threshold: Only classes scoring above this are returned.
    /// - Returns: Up to `topK` classes.
    /// - Throws: `FileAccessError` or `ImageError` when the file cannot be read or decoded, else as
    ///   ``classify(_:topK:threshold:)``.
    public func classify(contentsOf url: URL, topK: Int = 3, threshold: Double = 0) throws -> [Classification] {
        try classify(try ImageDecoder.decode(contentsOf: url), topK: topK, threshold: threshold)
    }
}

@available(*, unavailable, message: "An ImageClassifier is used from one thread at a time; keep it in an actor to share it")
extension ImageClassifier: Sendable {}
