import Foundation

/// A failure to read a model file, each case carrying the offending value and the limit it broke.
///
/// Offsets are byte offsets into the buffer being read (the model file, or a nested buffer such as the
/// metadata or an Edge TPU package, which the `field` / `reason` text names).
public enum ModelFormatError: Error, Equatable, Sendable, LocalizedError {
    /// No file exists at the path.
    case fileNotFound(path: String)
    /// The path names a directory, not a model file.
    case isDirectory(path: String)
    /// The file exists but holds zero bytes.
    case emptyFile(path: String)
    /// The file could not be read (permissions, I/O error); `reason` is the system's message.
    case unreadable(path: String, reason: String)
    /// A read of `needed` bytes at `offset` runs past the `available` bytes of the buffer.
    case truncated(offset: Int, needed: Int, available: Int)
    /// An offset stored in `field` points outside a buffer of `size` bytes.
    case offsetOutOfRange(field: String, offset: Int, size: Int)
    /// The vtable of the table at `tableOffset` is malformed.
    case badVTable(tableOffset: Int, vtableOffset: Int, reason: String)
    /// A string at `offset` is not terminated inside the buffer.
    case unterminatedString(offset: Int)
    /// An index of the given kind (tensor, buffer, operator code, subgraph …) is outside `0..<count`.
    case invalidIndex(kind: String, index: Int, count: Int)
    /// The 4-byte file identifier is not the expected one.
    case badIdentifier(found: String, expected: String)
    /// A size or count exceeds a configured or format limit.
    case tooLarge(what: String, value: Int, limit: Int)
    /// Tables nest deeper than the configured limit.
    case tooDeep(depth: Int, limit: Int)
    /// The reader spent its work budget (elements decoded), which only a hostile file can do.
    case workBudgetExceeded(limit: Int)
    /// A structurally valid FlatBuffer that is not a usable TFLite model.
    case notAModel(reason: String)
    /// The model's schema version is not the one LiteRT runs.
    case unsupportedSchemaVersion(found: Int, supported: Int)
    /// A tensor shape has a negative dimension or too many elements.
    case invalidShape(tensor: Int, shape: [Int])
    /// A constant tensor's buffer does not hold `type size × element count` bytes.
    case bufferSizeMismatch(tensor: Int, expected: Int, actual: Int)
    /// A tensor's quantization parameters are inconsistent.
    case invalidQuantization(tensor: Int, reason: String)
    /// An operator's builtin options hold a value LiteRT cannot run (zero stride, bad subgraph index …).
    case invalidOperatorOptions(operator: Int, reason: String)
    /// A FlexBuffer (custom operator options) is malformed at `offset`.
    case badFlexBuffer(offset: Int, reason: String)
    /// An Edge TPU package (DWN1) is malformed or missing a required part.
    case badEdgeTPUPackage(reason: String)

    public var errorDescription: String? {
        switch self {
        case .fileNotFound(let path):
            return "No model file at \(path)."
        case .isDirectory(let path):
            return "\(path) is a directory, not a .tflite model file."
        case .emptyFile(let path):
            return "The model file \(path) is empty."
        case .unreadable(let path, let reason):
            return "Cannot read \(path): \(reason)."
        case .truncated(let offset, let needed, let available):
            return "The model is truncated: reading \(needed) bytes at offset \(offset) needs more than the \(available) bytes available."
        case .offsetOutOfRange(let field, let offset, let size):
            return "The offset \(offset) stored in \(field) points outside the \(size)-byte buffer."
        case .badVTable(let table, let vtable, let reason):
            return "The table at offset \(table) has a malformed vtable at \(vtable): \(reason)."
        case .unterminatedString(let offset):
            return "The string at offset \(offset) has no terminating zero byte inside the buffer."
        case .invalidIndex(let kind, let index, let count):
            return "The \(kind) index \(index) is out of range (there are \(count))."
        case .badIdentifier(let found, let expected):
            return "The file identifier is \"\(found)\", expected \"\(expected)\"; this is not a TensorFlow Lite model."
        case .tooLarge(let what, let value, let limit):
            return "The \(what) (\(value)) exceeds the limit of \(limit)."
        case .tooDeep(let depth, let limit):
            return "Tables nest \(depth) levels deep, beyond the limit of \(limit)."
        case .workBudgetExceeded(let limit):
            return "Reading the model decoded more than \(limit) elements; the file is malformed or hostile."
        case .notAModel(let reason):
            return "Not a usable TensorFlow Lite model: \(reason)."
        case .unsupportedSchemaVersion(let found, let supported):
            return "The model has schema version \(found); LiteRT runs version \(supported)."
        case .invalidShape(let tensor, let shape):
            return "Tensor \(tensor) has an invalid shape \(shape)."
        case .bufferSizeMismatch(let tensor, let expected, let actual):
            return "The constant data of tensor \(tensor) is \(actual) bytes; its type and shape need \(expected)."
        case .invalidQuantization(let tensor, let reason):
            return "Tensor \(tensor) has invalid quantization parameters: \(reason)."
        case .invalidOperatorOptions(let op, let reason):
            return "Operator \(op) has invalid options: \(reason)."
        case .badFlexBuffer(let offset, let reason):
            return "Malformed FlexBuffer (custom options) at offset \(offset): \(reason)."
        case .badEdgeTPUPackage(let reason):
            return "Malformed Edge TPU package: \(reason)."
        }
    }
}
