import Results
import EdgeBench
import FileAccess
import Foundation
import Imaging
import LiteRT

// The command-line tool's classify and run, written on the public API (`Interpreter`, `ImageClassifier`) so
// that there is one way to load, compile, fall back, run and time a model. `package`: the tool's reports
// are not part of the library's vocabulary.

/// `edgebench classify`: one image through an `ImageClassifier`, every run timed.
package enum ClassifyFlow {
    /// Reads and checks the model, decodes the image, opens an `Interpreter`, classifies the image (the
    /// first, cold run), runs `request.runs - 1` more times and reports the top classes, each run's duration
    /// (`Interpreter.invoke()`'s rule: on the GPU, run + output read) and the phases of getting ready.
    /// - Throws: The first failure, as a typed error with a message for the user.
    package static func classify(_ request: ClassifyRequest, runtime: RuntimeLocation? = nil) throws -> ClassificationReport {
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
        // Check the tensors from the file first: LiteRT would try to allocate whatever it says.
        try Classifier.checkImageClassifier(file)
        // Decode before loading the runtime: a bad image is reported without waiting for a compile.
        let image = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: request.imagePath))

        let interpreter = try Interpreter(file: file, settings: request.settings, runtime: runtime, notice: { warnings.append($0) })
        let classifier = try ImageClassifier(model: interpreter, labels: labels, normalization: normalization)
        let top = try classifier.classify(image, topK: request.topK, threshold: request.threshold)
        // `classify` ran the model once (the cold run), so its duration is there.
        guard let coldRun = interpreter.lastInvocationDuration else { preconditionFailure("ImageClassifier.classify returned without running") }
        var timings = [coldRun]
        warnings.append(contentsOf: interpreter.notes)
        if let output = interpreter.outputs.first {  // the shape LiteRT gave it after running (set at run time for some ops)
            try Classifier.checkScoreVector(name: output.name, shape: output.shape, model: file.name)
        }
        for _ in 1..<max(request.runs, 1) { timings.append(try interpreter.invoke()) }
        let classCount = interpreter.outputs.first?.elementCount ?? 0
        if let labels, labels.count != classCount {
            warnings.append("the labels have \(labels.count) entries but the model has \(classCount) classes; labels may be offset")
        }
        let settings = interpreter.settings
        let load = interpreter.loadTimings
        return ClassificationReport(
            model: request.modelPath, image: request.imagePath, backend: settings.backend.rawValue,
            threads: settings.effectiveThreads, kernels: settings.kernels.rawValue,
            timingsMs: timings.map(\.milliseconds), results: top, labelsSource: labelsSource, normalization: normalization,
            phases: PhaseTimings(runtimeLoadMs: load.runtimeLoad.milliseconds, modelLoadMs: load.modelLoad.milliseconds,
                                 compileMs: load.compile.milliseconds),
            warnings: warnings)
    }
}

/// `edgebench run`: any model through an `Interpreter` on given or seeded random input, every output reported.
package enum RawRunFlow {
    /// Runs `modelPath` `runs` times.
    /// - Parameters:
    ///   - inputs: What to feed which input; inputs not named get seeded random values in their range.
    ///   - notice: Receives notes as they happen (the kernel fallback).
    /// - Throws: `EdgeBenchError.unknownInput` when an assignment names no input of the model, size
    ///   mismatches, and the runtime's failures.
    package static func run(modelPath: String, inputs assignments: [RawInputAssignment], runs: Int = 1, settings: RunSettings = RunSettings(),
                            runtime: RuntimeLocation? = nil, notice: @escaping (String) -> Void = { _ in }) throws -> RawRunReport {
        let file = try ModelFile(path: modelPath)
        let fileInputNames = file.format.inputTensors.map(\.name)
        for assignment in assignments where assignment.selector.position(in: fileInputNames) == nil {
            throw EdgeBenchError.unknownInput(option: "--input", selector: assignment.selector.description, available: fileInputNames)
        }
        let interpreter = try Interpreter(file: file, settings: settings, runtime: runtime, notice: notice)
        var sources: [String] = []
        let inputs = interpreter.inputs
        let names = inputs.map(\.name)
        for index in inputs.indices {
            let info = try interpreter.inputTensorInfo(at: index)
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
                bytes = BenchInput.randomBytes(for: info, seed: RawRunner.randomSeed(forInput: index))
                sources.append("random (seed \(RawRunner.randomSeed(forInput: index)))")
            }
            try interpreter.copy(Data(bytes), toInputAt: index)
        }
        var notes = interpreter.notes
        let randomInputs = inputs.indices.filter { sources[$0].hasPrefix("random") }
        if !randomInputs.isEmpty {
            let named = randomInputs.map { "'\(inputs[$0].name)'" }.joined(separator: ", ")
            let ranges = Set(randomInputs.map { BenchInput.randomRangeDescription(for: inputs[$0].elementType) }).sorted().joined(separator: "; ")
            notes.append("no --input for \(named): fed seeded random values (\(ranges))")
        }
        let timings = try (0..<max(runs, 1)).map { _ in try interpreter.invoke() }
        var outputs: [OutputTensorReport] = []
        for (index, output) in interpreter.outputs.enumerated() {
            let values: [Double]
            do {
                values = try interpreter.realOutput(at: index)
            } catch let InterpreterError.notNumeric(tensor, elementType) {
                throw EdgeBenchError.unsupportedOutput(model: file.name, detail: "output '\(tensor)' is \(elementType)")
            }
            outputs.append(OutputTensorReport(name: output.name, type: output.elementType.description, shape: output.shape, values: values))
        }
        let inputReports = interpreter.inputs.enumerated().map { index, input in
            InputTensorReport(name: input.name, type: input.elementType.description, shape: input.shape, source: sources[index])
        }
        let used = interpreter.settings
        return RawRunReport(model: modelPath, backend: used.backend.rawValue, threads: used.effectiveThreads, kernels: used.kernels.rawValue,
                            timingsMs: timings.map(\.milliseconds), inputs: inputReports, outputs: outputs,
                            detections: RawRunner.detections(in: outputs, file: file), notes: notes)
    }
}
