import Foundation

/// A misuse of an ``Interpreter``: a tensor that does not exist, or values that do not fit it.
///
/// Failures of the layers underneath keep their own types: `FileAccessError` (reading a model file),
/// `ModelFileError` (a malformed model), `EdgeBenchError` (runtime missing, backend unavailable, a
/// model that cannot run), `LiteRTError` (the runtime's own failures, with its log), `EdgeTPUError`
/// and `ImageError`.
public enum InterpreterError: Error, Equatable, LocalizedError {
    /// There is no input `index`; the model has `count` inputs.
    case invalidInputIndex(index: Int, count: Int)
    /// There is no output `index`; the model has `count` outputs.
    case invalidOutputIndex(index: Int, count: Int)
    /// No input is called `name`.
    case unknownInputName(name: String, available: [String])
    /// Values of one Swift type were given for (or asked of) a tensor of another element type.
    case elementTypeMismatch(tensor: String, tensorType: String, valueType: String)
    /// The number of values differs from the tensor's element count.
    case valueCountMismatch(tensor: String, expected: Int, given: Int)
    /// The tensor's elements are not numbers that can be dequantized (strings, float16, …).
    case notNumeric(tensor: String, elementType: String)
    /// A CPU thread count below 1.
    case invalidThreadCount(Int)

    public var errorDescription: String? {
        switch self {
        case let .invalidInputIndex(index, count):
            return "The model has no input \(index): it has \(count) input\(count == 1 ? "" : "s") (indices 0..<\(count))."
        case let .invalidOutputIndex(index, count):
            return "The model has no output \(index): it has \(count) output\(count == 1 ? "" : "s") (indices 0..<\(count))."
        case let .unknownInputName(name, available):
            return "The model has no input named '\(name)'; its inputs are \(available.map { "'\($0)'" }.joined(separator: ", "))."
        case let .elementTypeMismatch(tensor, tensorType, valueType):
            return "Tensor '\(tensor)' holds \(tensorType) elements, not \(valueType); use [\(TensorElementNames.swiftName(of: tensorType))] or Data."
        case let .valueCountMismatch(tensor, expected, given):
            return "Tensor '\(tensor)' takes \(expected) values, but \(given) were given."
        case let .notNumeric(tensor, elementType):
            return "Tensor '\(tensor)' holds \(elementType) elements, which are not numbers; read it as Data."
        case let .invalidThreadCount(count):
            return "A CPU thread count must be at least 1 (got \(count))."
        }
    }
}

enum TensorElementNames {
    /// The Swift type that reads a tensor element type, for messages.
    static func swiftName(of elementType: String) -> String {
        switch elementType {
        case "float32": return "Float"
        case "float64": return "Double"
        case "uint8": return "UInt8"
        case "int8": return "Int8"
        case "int16": return "Int16"
        case "int32": return "Int32"
        case "int64": return "Int64"
        default: return "UInt8"
        }
    }
}
