import Foundation

/// One input tensor of a raw run and what it was given.
public struct InputTensorReport: Sendable, Codable {
    public var name: String
    public var type: String
    public var shape: [Int]
    /// "numbers", "file PATH" or "random (seed N)".
    public var source: String

    package init(name: String, type: String, shape: [Int], source: String) {
        self.name = name
        self.type = type
        self.shape = shape
        self.source = source
    }
}

/// One output tensor of a raw run, with the shape LiteRT gave it after running.
public struct OutputTensorReport: Sendable, Codable {
    public var name: String
    public var type: String
    public var shape: [Int]
    public var values: [Double]

    package init(name: String, type: String, shape: [Int], values: [Double]) {
        self.name = name
        self.type = type
        self.shape = shape
        self.values = values
    }
}

/// The outputs of a `TFLite_Detection_PostProcess` model read as detections.
public struct DetectionReport: Sendable, Codable {
    public struct Detection: Sendable, Codable {
        /// [ymin, xmin, ymax, xmax], normalised to the input.
        public var box: [Double]
        public var classIndex: Int
        public var score: Double

        enum CodingKeys: String, CodingKey {
            case box, score
            case classIndex = "class"
        }

        package init(box: [Double], classIndex: Int, score: Double) {
            self.box = box
            self.classIndex = classIndex
            self.score = score
        }
    }
    public var count: Int
    public var detections: [Detection]

    package init(count: Int, detections: [Detection]) {
        self.count = count
        self.detections = detections
    }
}

/// The result of `edgebench run`.
public struct RawRunReport: Sendable, Codable {
    public var model: String
    public var backend: String
    public var threads: Int
    public var kernels: String
    public var timingsMs: [Double]
    public var inputs: [InputTensorReport]
    public var outputs: [OutputTensorReport]
    /// Present when the model ends in TensorFlow Lite's detection post-processing op.
    public var detections: DetectionReport?
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case model, backend, threads, kernels, inputs, outputs, detections, notes
        case timingsMs = "timings_ms"
    }

    package init(model: String, backend: String, threads: Int, kernels: String, timingsMs: [Double], inputs: [InputTensorReport],
                 outputs: [OutputTensorReport], detections: DetectionReport?, notes: [String]) {
        self.model = model
        self.backend = backend
        self.threads = threads
        self.kernels = kernels
        self.timingsMs = timingsMs
        self.inputs = inputs
        self.outputs = outputs
        self.detections = detections
        self.notes = notes
    }
}

