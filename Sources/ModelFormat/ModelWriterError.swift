import Foundation

/// A failure to write, synthesize or convert a model, each case carrying the offending value.
public enum ModelWriterError: Error, Equatable, Sendable, LocalizedError {
    /// Buffer 0 must be empty: LiteRT reads it as "no data" for every tensor that names it.
    case firstBufferNotEmpty(byteCount: Int)
    /// A tensor names a buffer the model does not have.
    case invalidBufferIndex(tensor: Int, buffer: Int, bufferCount: Int)
    /// An operator, subgraph or signature names a tensor the subgraph does not have.
    case invalidTensorIndex(subgraph: Int, index: Int, tensorCount: Int)
    /// A signature names a subgraph the model does not have.
    case invalidSubgraphIndex(index: Int, subgraphCount: Int)
    /// A constant tensor's data does not hold `type size × element count` bytes.
    case bufferSizeMismatch(tensor: Int, expected: Int, actual: Int)
    /// The model would not fit the 2 GiB that FlatBuffers offsets address (`size` bytes of data).
    case modelTooLarge(size: Int, limit: Int)
    /// The width multiplier is not in (0, 2].
    case invalidAlpha(Double)
    /// The input size is not a multiple of 32 in 32 ... 512.
    case invalidInputSize(Int)
    /// The operator's builtin options have a type this module cannot copy field by field.
    case unsupportedBuiltinOptions(operator: Int, type: String)
    /// The model has nothing to dequantize (no 8-bit or 16-bit quantized tensor).
    case notQuantized
    /// A quantized tensor lacks the parameters needed to dequantize it.
    case unsupportedQuantization(tensor: Int, reason: String)

    public var errorDescription: String? {
        switch self {
        case .firstBufferNotEmpty(let count):
            return "Buffer 0 must be empty (it holds \(count) bytes); LiteRT treats it as \"no data\"."
        case .invalidBufferIndex(let tensor, let buffer, let count):
            return "Tensor \(tensor) names buffer \(buffer), but the model has \(count) buffers."
        case .invalidTensorIndex(let subgraph, let index, let count):
            return "Subgraph \(subgraph) refers to tensor \(index), but it has \(count) tensors."
        case .invalidSubgraphIndex(let index, let count):
            return "A signature names subgraph \(index), but the model has \(count) subgraphs."
        case .bufferSizeMismatch(let tensor, let expected, let actual):
            return "The data of tensor \(tensor) is \(actual) bytes; its type and shape need \(expected)."
        case .modelTooLarge(let size, let limit):
            return "The model needs \(size) bytes, more than the \(limit) bytes a FlatBuffer can address."
        case .invalidAlpha(let alpha):
            return "The width multiplier \(alpha) is invalid: use 0.25, 0.5, 0.75, 1.0, 1.3, 1.4 or any value in (0, 2]."
        case .invalidInputSize(let size):
            return "The input size \(size) is invalid: use a multiple of 32 from 32 to 512."
        case .unsupportedBuiltinOptions(let op, let type):
            return "Operator \(op) has builtin options of type \(type), which this converter cannot copy."
        case .notQuantized:
            return "The model has no quantized tensors to dequantize."
        case .unsupportedQuantization(let tensor, let reason):
            return "Tensor \(tensor) cannot be dequantized: \(reason)."
        }
    }
}
