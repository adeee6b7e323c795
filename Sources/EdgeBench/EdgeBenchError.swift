import Foundation
import LiteRT
import ModelFormat
import Results

/// Failures of edgebench's own logic (as opposed to the runtime's or a file format's).
public enum EdgeBenchError: Error, Equatable, LocalizedError, ExitStatusProviding {
    /// The LiteRT runtime is not installed where edgebench looks.
    case runtimeNotFound(searched: [String])
    /// Installing the runtime failed at a named step.
    case runtimeInstallFailed(step: String, detail: String)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A labels file with no labels in it.
    case emptyLabels(path: String)
    /// The model's input is not an image tensor edgebench can fill.
    case notAnImageModel(model: String, detail: String)
    /// The input numbers do not match the model's input.
    case inputCountMismatch(tensor: String, expected: Int, given: Int)
    /// A number in `--input` could not be parsed.
    case invalidNumber(text: String)
    /// A model compiled for the Edge TPU was given to a backend that cannot run it.
    case edgeTPUModelOnCPU(model: String, customOps: Int)
    /// No model is available for the demo.
    case noDemoModel(searched: [String])
    /// An output tensor edgebench cannot interpret as scores.
    case unsupportedOutput(model: String, detail: String)
    /// An output file could not be written.
    case cannotWrite(path: String, reason: String)
    /// A configuration string (`compare`) could not be understood.
    case invalidConfiguration(text: String, detail: String)
    /// A backend that cannot run here, with the reason.
    case backendUnavailable(backend: String, reason: String)
    /// No configuration could run at all; the exit status comes from the reasons (see `UnrunnableConfiguration`).
    case nothingToMeasure(reasons: [UnrunnableConfiguration])
    /// The runtime cannot run this kind of model at all.
    case unsupportedModel(model: String, detail: String)
    /// XNNPACK could not prepare part of the model (an op or type it does not support).
    case xnnpackCannotPrepare(model: String, detail: String)
    /// XNNPACK cannot prepare a model that needs operators only XNNPACK (and the GPU) implement, so the
    /// built-in kernels cannot stand in.
    case xnnpackCannotPrepareRequiredOperators(model: String, detail: String, operators: [String])
    /// An `--input-shape` value that is malformed or does not fit the input.
    case invalidInputShape(text: String, detail: String)
    /// An option names an input (by name or index) that no model has.
    case unknownInput(option: String, selector: String, available: [String])
    /// `classify` on a model whose output 0 is not a vector of class scores.
    case notAClassifier(model: String, output: String, shape: [Int])
    /// The model needs custom operators that LiteRT cannot run with this backend and these CPU kernels
    /// (found by edgebench's reader before the runtime sees the model; see `CustomOperatorSupport`).
    case unsupportedCustomOperators(model: String, operators: [CustomOperatorUse], backend: Backend, kernels: CPUKernels)

    public var errorDescription: String? {
        switch self {
        case let .runtimeNotFound(searched):
            return "The LiteRT runtime (libLiteRt.so from ai-edge-litert 2.3.0) was not found; looked in: \(searched.joined(separator: ", ")). Run `edgebench runtime install`, or set EDGEBENCH_LITERT to the path of libLiteRt.so."
        case let .runtimeInstallFailed(step, detail):
            return "Installing the LiteRT runtime failed while \(step): \(detail)"
        case let .unreadableFile(path, reason):
            return "Cannot read \(path): \(reason)."
        case let .emptyLabels(path):
            return "The labels file \(path) contains no labels; give a file with one label per line or \"index  label\" lines."
        case let .notAnImageModel(model, detail):
            return "\(model) does not take an image: \(detail). Use `edgebench run` to feed it numbers."
        case let .inputCountMismatch(tensor, expected, given):
            return "Input '\(tensor)' takes \(expected) values but \(given) were given."
        case let .invalidNumber(text):
            return "'\(text)' is not a number; give --input as comma-separated numbers, e.g. 7.9,3.8,6.4,2.0."
        case let .edgeTPUModelOnCPU(model, count):
            return "\(model) is compiled for the Edge TPU (\(count) edgetpu-custom-op subgraph\(count == 1 ? "" : "s")) and cannot run on the CPU: use --backend edgetpu (or MODEL@usb), or the model without the _edgetpu suffix."
        case let .noDemoModel(searched):
            return "No model for the demo: looked for \(searched.joined(separator: ", ")). Pass a model path (`edgebench demo MODEL`), or set EDGEBENCH_FIXTURES to a folder holding models/mobilenet_v2_1.0_224_quant.tflite."
        case let .unsupportedOutput(model, detail):
            return "\(model) has an output edgebench cannot read as class scores: \(detail)."
        case let .cannotWrite(path, reason):
            return "Cannot write \(path): \(reason)."
        case let .invalidConfiguration(text, detail):
            return "'\(text)' is not a valid configuration: \(detail). Write MODEL[@DEVICE][:key=value,...], e.g. m.tflite, m_edgetpu.tflite@usb, m.tflite:threads=1,kernels=builtin."
        case let .backendUnavailable(backend, reason):
            return "The \(backend) backend is not available: \(reason)"
        case let .nothingToMeasure(reasons):
            return "No configuration could run:\n" + reasons.map { "  - \($0.label): \($0.reason)" }.joined(separator: "\n")
        case let .unsupportedModel(model, detail):
            return "\(model) cannot run in LiteRT 2.3.0: \(detail)."
        case let .invalidInputShape(text, detail):
            return "--input-shape '\(text)' cannot be used: \(detail)."
        case let .unknownInput(option, selector, available):
            return "\(option) names input '\(selector)', which no model has; the inputs are: \(available.isEmpty ? "(none)" : available.joined(separator: ", ")) (or their indices 0, 1, …)."
        case let .notAClassifier(model, output, shape):
            return "\(model) is not an image classifier: its output 0 ('\(output)') has shape \(shape), not a vector of class scores ([N] or [1, N]). Use `edgebench run \(model)` to see every output, or `edgebench bench` to time it."
        case let .xnnpackCannotPrepare(model, detail):
            return "XNNPACK cannot prepare \(model) (\(detail)); run it with --kernels builtin (TensorFlow Lite's built-in kernels can run it)."
        case let .xnnpackCannotPrepareRequiredOperators(model, detail, operators):
            let names = operators.joined(separator: ", ")
            return "XNNPACK cannot prepare \(model) (\(detail)), and the built-in kernels cannot stand in: \(names) \(operators.count == 1 ? "is" : "are") implemented only by XNNPACK and LiteRT's GPU accelerator. Run it on the GPU (--backend gpu, with --gpu-fallback for operators the GPU cannot run)."
        case let .unsupportedCustomOperators(model, operators, backend, kernels):
            return CustomOperatorSupport.message(model: model, operators: operators, backend: backend, kernels: kernels)
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .runtimeNotFound, .runtimeInstallFailed, .noDemoModel: return .unavailable
        case .unreadableFile, .emptyLabels, .notAnImageModel, .edgeTPUModelOnCPU, .unsupportedOutput: return .badInput
        case .inputCountMismatch, .invalidNumber, .invalidConfiguration, .invalidInputShape, .unknownInput: return .usage
        case .notAClassifier: return .badInput
        case .cannotWrite: return .cannotWrite
        case .backendUnavailable: return .unavailable
        case let .nothingToMeasure(reasons): return UnrunnableConfiguration.exitStatus(of: reasons)
        case .xnnpackCannotPrepare, .xnnpackCannotPrepareRequiredOperators: return .runtimeFailure
        case .unsupportedModel, .unsupportedCustomOperators: return .badInput
        }
    }
}

/// A configuration that could not be prepared: its label, the first line of the error, and that error's exit status.
public struct UnrunnableConfiguration: Equatable, Sendable {
    public var label: String
    public var reason: String
    public var status: ExitStatus

    public init(label: String, reason: String, status: ExitStatus) {
        self.label = label
        self.reason = reason
        self.status = status
    }

    /// Which status wins when configurations failed for different reasons, first to last. Usage and bad input
    /// must be fixed whatever the machine; a runtime failure is a real model problem; "unavailable" is only a
    /// property of this machine (CI may read 69 as "skip"), so it is the exit status only when nothing else went wrong.
    public static let precedence: [ExitStatus] = [.usage, .badInput, .runtimeFailure, .unavailable, .cannotWrite]

    /// The exit status of a run in which none of `reasons` could run: the first status of `precedence` among them.
    public static func exitStatus(of reasons: [UnrunnableConfiguration]) -> ExitStatus {
        let statuses = Set(reasons.map(\.status))
        return precedence.first(where: statuses.contains) ?? reasons.first?.status ?? .unavailable
    }
}
