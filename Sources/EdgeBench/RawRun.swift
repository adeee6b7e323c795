import FileAccess
import Foundation
import LiteRT

/// What `edgebench run` feeds one input: numbers, or raw bytes from a file.
public enum RawInput: Sendable, Equatable {
    case numbers([Double])
    case file(path: String)

    /// Parses `--input 7.9,3.8,6.4,2.0`.
    /// - Throws: `EdgeBenchError.invalidNumber` naming the piece that is not a number.
    public static func parseNumbers(_ text: String) throws -> RawInput {
        let pieces = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = try pieces.map { piece -> Double in
            guard let value = Double(piece), value.isFinite else { throw EdgeBenchError.invalidNumber(text: piece) }
            return value
        }
        return .numbers(values)
    }
}

/// One `--input NAME_OR_INDEX=…` or `--input-file NAME_OR_INDEX=PATH`: which input gets what.
public struct RawInputAssignment: Sendable, Equatable {
    public var selector: TensorSelector
    public var value: RawInput

    public init(selector: TensorSelector, value: RawInput) {
        self.selector = selector
        self.value = value
    }

    /// Parses `--input [NAME_OR_INDEX=]1,2,3` (split at the last `=`; a bare list is input 0).
    public static func numbers(_ text: String) throws -> RawInputAssignment {
        let (selector, value) = TensorSelector.split(text)
        return RawInputAssignment(selector: selector, value: try RawInput.parseNumbers(value))
    }

    /// Parses `--input-file [NAME_OR_INDEX=]PATH`; a path that exists as given is input 0's, even with `=` in it.
    public static func file(_ text: String) -> RawInputAssignment {
        if FileManager.default.fileExists(atPath: text) { return RawInputAssignment(selector: .index(0), value: .file(path: text)) }
        let (selector, path) = TensorSelector.split(text)
        return RawInputAssignment(selector: selector, value: .file(path: path))
    }
}

/// One input tensor of a raw run and what it was given.
public struct InputTensorReport: Sendable, Codable {
    public var name: String
    public var type: String
    public var shape: [Int]
    /// "numbers", "file PATH" or "random (seed N)".
    public var source: String
}

/// One output tensor of a raw run, with the shape LiteRT gave it after running.
public struct OutputTensorReport: Sendable, Codable {
    public var name: String
    public var type: String
    public var shape: [Int]
    public var values: [Double]
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
    }
    public var count: Int
    public var detections: [Detection]
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
}

/// Runs a model on given or random input and reports every output tensor, dequantized.
public enum RawRunner {
    /// The seed of input `index`'s random values (deterministic, so runs can be repeated).
    public static func randomSeed(forInput index: Int) -> UInt64 { UInt64(index + 1) }

    /// Runs `modelPath` `runs` times.
    /// - Parameters:
    ///   - inputs: What to feed which input; inputs not named get seeded random values in their range.
    ///   - notice: Receives notes as they happen (e.g. the kernel fallback).
    /// - Throws: `EdgeBenchError.unknownInput` when an assignment names no input of the model, size
    ///   mismatches, and the runtime's failures.
    public static func run(modelPath: String, inputs assignments: [RawInputAssignment], runs: Int = 1, settings: RunSettings = RunSettings(),
                           runtime: RuntimeLocation? = nil, notice: (String) -> Void = { _ in }) throws -> RawRunReport {
        let file = try ModelFile(path: modelPath)
        let fileInputNames = file.format.inputTensors.map(\.name)
        for assignment in assignments where assignment.selector.position(in: fileInputNames) == nil {
            throw EdgeBenchError.unknownInput(option: "--input", selector: assignment.selector.description, available: fileInputNames)
        }
        var sources: [String] = []
        let (session, firstRun) = try Session.openRunningFirst(
            file: file, settings: settings, runtime: runtime,
            prepareInputs: { session in
                sources = []
                let names = session.compiled.inputs.map(\.info.name)
                for (index, buffer) in session.compiled.inputs.enumerated() {
                    let info = buffer.info
                    let bytes: [UInt8]
                    // The last assignment for an input wins, like a repeated flag.
                    if let assignment = assignments.last(where: { $0.selector.position(in: names) == index }) {
                        switch assignment.value {
                        case let .numbers(values):
                            guard values.count == info.elementCount else {
                                throw EdgeBenchError.inputCountMismatch(tensor: info.name, expected: info.elementCount, given: values.count)
                            }
                            bytes = TensorCoding.encode(numbers: values, for: info)
                            sources.append("numbers")
                        case let .file(path):
                            bytes = try FileReading.readBytes(path: path, as: .inputData)
                            sources.append("file \(path)")
                        }
                    } else {
                        bytes = BenchInput.randomBytes(for: info, seed: randomSeed(forInput: index))
                        sources.append("random (seed \(randomSeed(forInput: index)))")
                    }
                    try bytes.withUnsafeBytes { try buffer.write($0) }
                }
            },
            notice: notice)
        var notes = session.notes
        let randomInputs = session.compiled.inputs.indices.filter { sources[$0].hasPrefix("random") }
        if !randomInputs.isEmpty {
            let infos = randomInputs.map { session.compiled.inputs[$0].info }
            let names = infos.map { "'\($0.name)'" }.joined(separator: ", ")
            let ranges = Set(infos.map { BenchInput.randomRangeDescription(for: $0.elementType) }).sorted().joined(separator: "; ")
            notes.append("no --input for \(names): fed seeded random values (\(ranges))")
        }
        let timings = [firstRun] + (try session.timedRuns(max(runs, 1) - 1, includingFirst: false))
        var outputs: [OutputTensorReport] = []
        for (index, buffer) in session.compiled.outputs.enumerated() {
            outputs.append(OutputTensorReport(name: buffer.info.name, type: buffer.info.elementType.description,
                                              shape: buffer.info.shape, values: try session.outputValues(index)))
        }
        let inputReports = session.compiled.inputs.enumerated().map { index, buffer in
            InputTensorReport(name: buffer.info.name, type: buffer.info.elementType.description, shape: buffer.info.shape, source: sources[index])
        }
        return RawRunReport(model: modelPath, backend: session.settings.backend.rawValue, threads: session.settings.effectiveThreads,
                            kernels: session.settings.kernels.rawValue, timingsMs: timings.map(\.milliseconds), inputs: inputReports,
                            outputs: outputs, detections: detections(in: outputs, file: file), notes: notes)
    }

    /// Reads the four outputs of `TFLite_Detection_PostProcess` (boxes [1,N,4], classes [1,N],
    /// scores [1,N], count [1]) as detections, when the model ends in that op.
    static func detections(in outputs: [OutputTensorReport], file: ModelFile) -> DetectionReport? {
        let format = file.format
        let endsInPostProcess = format.mainSubgraph.operators.contains { op in
            format.opcodeName(for: op) == "CUSTOM(TFLite_Detection_PostProcess)"
        }
        guard endsInPostProcess, outputs.count == 4 else { return nil }
        let boxes = outputs[0], classes = outputs[1], scores = outputs[2], count = outputs[3]
        guard boxes.shape.count == 3, boxes.shape.last == 4, let total = count.values.first, total.isFinite else { return nil }
        let limit = min(Int(max(0, min(total, Double(classes.values.count)))), scores.values.count, boxes.values.count / 4)
        let detections = (0..<limit).map { index in
            DetectionReport.Detection(box: Array(boxes.values[(index * 4)..<(index * 4 + 4)]),
                                      classIndex: Int(exactly: classes.values[index].rounded()) ?? -1, score: scores.values[index])
        }
        return DetectionReport(count: limit, detections: detections)
    }
}
