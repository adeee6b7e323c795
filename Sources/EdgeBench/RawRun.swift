import FileAccess
import Foundation
import LiteRT

/// What `edgebench run` feeds a model: numbers, or raw bytes from a file.
public enum RawInput: Sendable {
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

/// One output tensor of a raw run.
public struct OutputTensorReport: Sendable, Codable {
    public var name: String
    public var type: String
    public var shape: [Int]
    public var values: [Double]
}

/// The result of `edgebench run`.
public struct RawRunReport: Sendable, Codable {
    public var model: String
    public var backend: String
    public var threads: Int
    public var kernels: String
    public var timingsMs: [Double]
    public var outputs: [OutputTensorReport]

    enum CodingKeys: String, CodingKey {
        case model, backend, threads, kernels, outputs
        case timingsMs = "timings_ms"
    }
}

/// Runs a model on raw input and reports every output tensor, dequantized.
public enum RawRunner {
    public static func run(modelPath: String, input: RawInput, runs: Int = 1, settings: RunSettings = RunSettings(),
                           kernelsExplicit: Bool = false, runtime: RuntimeLocation? = nil,
                           notice: (String) -> Void = { _ in }) throws -> RawRunReport {
        let file = try ModelFile(path: modelPath)
        let (session, firstRun) = try Session.openRunningFirst(
            file: file, settings: settings, runtime: runtime, kernelsExplicit: kernelsExplicit,
            prepareInputs: { session in
                guard let tensor = session.compiled.inputs.first else {
                    throw EdgeBenchError.notAnImageModel(model: file.name, detail: "it has no inputs")
                }
                let info = tensor.info
                let bytes: [UInt8]
                switch input {
                case let .numbers(values):
                    guard values.count == info.elementCount else {
                        throw EdgeBenchError.inputCountMismatch(tensor: info.name, expected: info.elementCount, given: values.count)
                    }
                    bytes = TensorCoding.encode(numbers: values, for: info)
                case let .file(path):
                    bytes = try FileReading.readBytes(path: path, as: .inputData)
                }
                try bytes.withUnsafeBytes { try tensor.write($0) }
            },
            notice: notice)
        session.notes.forEach(notice)
        let timings = [firstRun] + (try session.timedRuns(max(runs, 1) - 1, includingFirst: false))
        var outputs: [OutputTensorReport] = []
        for (index, buffer) in session.compiled.outputs.enumerated() {
            outputs.append(OutputTensorReport(name: buffer.info.name, type: buffer.info.elementType.description,
                                              shape: buffer.info.shape, values: try session.outputValues(index)))
        }
        return RawRunReport(model: modelPath, backend: session.settings.backend.rawValue, threads: session.settings.effectiveThreads,
                            kernels: session.settings.kernels.rawValue, timingsMs: timings.map(\.milliseconds), outputs: outputs)
    }
}
