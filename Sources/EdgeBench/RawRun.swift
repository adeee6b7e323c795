import FileAccess
import Foundation
import LiteRT
import Results

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

/// What `edgebench run` decides about inputs and outputs (the run itself goes through EdgeBenchKit's `Interpreter`).
public enum RawRunner {
    /// The seed of input `index`'s random values (deterministic, so runs can be repeated).
    public static func randomSeed(forInput index: Int) -> UInt64 { UInt64(index + 1) }

    /// Reads the four outputs of `TFLite_Detection_PostProcess` (boxes [1,N,4], classes [1,N],
    /// scores [1,N], count [1]) as detections, when the model ends in that op.
    package static func detections(in outputs: [OutputTensorReport], file: ModelFile) -> DetectionReport? {
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
