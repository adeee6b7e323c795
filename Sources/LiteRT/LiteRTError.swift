import Foundation

/// Every failure of the LiteRT binding, with the evidence needed to act on it.
///
/// The descriptions state facts (the call, its status, the symbol, the library's path); what a user of a
/// particular program should do about them is that program's to say (edgebench's advice is added by its
/// error mapping, `ErrorClassification.message(for:)`).
public enum LiteRTError: Error, Equatable, LocalizedError {
    /// `dlopen` failed for the runtime library.
    case cannotLoadLibrary(path: String, reason: String)
    /// The library loaded but lacks a function edgebench needs (wrong file or version).
    case missingSymbol(name: String, path: String)
    /// A C call returned a non-OK status. `log` holds what the runtime printed meanwhile, if captured.
    case callFailed(function: String, status: LiteRTStatus, context: String, log: String)
    /// A tensor uses a type edgebench cannot size (e.g. strings) or has no static shape.
    case unsupportedTensor(name: String, detail: String)
    /// An input/output index outside the signature's range.
    case invalidTensorIndex(index: Int, count: Int)
    /// Data handed to an input does not match its byte size.
    case inputSizeMismatch(tensor: String, expectedBytes: Int, actualBytes: Int)
    /// The model has no signature to run.
    case noSignature(model: String)
    /// A tensor whose shape still has a dimension that is not set (or is invalid) when buffers are made.
    case unresolvedShape(tensor: String, shape: [Int])
    /// LiteRT offers (or a run needs) a buffer smaller than the tensor: running would overrun it.
    case bufferTooSmall(tensor: String, shape: [Int], neededBytes: Int, bufferBytes: Int)
    /// A previous run failed, so the compiled model is not run again (its state may be corrupt).
    case sessionEnded(model: String, cause: String)

    public var errorDescription: String? {
        switch self {
        case let .cannotLoadLibrary(path, reason):
            return "Cannot load the LiteRT runtime at \(path): \(reason)."
        case let .missingSymbol(name, path):
            return "\(path) does not export \(name): it is not the LiteRT 2.3.0 runtime."
        case let .callFailed(function, status, context, log):
            var text = "LiteRT failed to \(context): \(status.name) — \(status.meaning) (\(function) returned status \(status.rawValue))."
            let trimmed = log.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { text += "\nRuntime log:\n" + trimmed }
            return text
        case let .unsupportedTensor(name, detail):
            return "Tensor '\(name)' is not supported: \(detail)."
        case let .invalidTensorIndex(index, count):
            return "Tensor index \(index) is out of range: the model has \(count)."
        case let .inputSizeMismatch(tensor, expected, actual):
            return "Input '\(tensor)' takes \(expected) bytes but \(actual) were given."
        case let .noSignature(model):
            return "\(model) has no runnable signature."
        case let .unresolvedShape(tensor, shape):
            return "Tensor '\(tensor)' has shape \(shape), which has a dimension that is not set or not valid; give it a concrete shape (every dimension at least 1) before compiling."
        case let .bufferTooSmall(tensor, shape, needed, buffer):
            return "Tensor '\(tensor)' with shape \(shape) needs \(needed) bytes but its buffer has \(buffer): refusing to run rather than overrun it."
        case let .sessionEnded(model, cause):
            return "\(model) is not run again after a failed run (the runtime's state may be corrupt). The failure was: \(cause)"
        }
    }
}
