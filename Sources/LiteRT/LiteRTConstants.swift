/// The C enumerations of LiteRT 2.3.0 that the binding passes or reads, as typed raw values.
///
/// Each static member names its C constant; the values were checked against the 2.3.0 library
/// (the environment options and buffer locks are exercised by every test that runs a model).

/// An environment option's tag (`LiteRtEnvOptionTag`).
struct EnvironmentOptionTag: RawRepresentable, Hashable, Sendable {
    let rawValue: Int32
    /// `kLiteRtEnvOptionTagRuntimeLibraryDir`: the folder LiteRT loads accelerator libraries from.
    static let runtimeLibraryDirectory = EnvironmentOptionTag(rawValue: 22)
    /// `kLiteRtEnvOptionTagMinLoggerSeverity`: the least severe message LiteRT prints.
    static let minimumLogSeverity = EnvironmentOptionTag(rawValue: 25)
}

/// The type tag of a `LiteRtAny` value (`LiteRtAnyType`).
struct AnyValueType: RawRepresentable, Hashable, Sendable {
    let rawValue: Int32
    /// `kLiteRtAnyTypeInt` (an `int64_t`).
    static let int = AnyValueType(rawValue: 2)
    /// `kLiteRtAnyTypeString` (a `const char *` the caller keeps alive).
    static let string = AnyValueType(rawValue: 8)
}

/// Whether a tensor has a rank (`LiteRtTensorTypeId`).
struct TensorTypeID: RawRepresentable, Hashable, Sendable {
    let rawValue: Int32
    /// `kLiteRtRankedTensorType`
    static let ranked = TensorTypeID(rawValue: 0)
    /// `kLiteRtUnrankedTensorType`
    static let unranked = TensorTypeID(rawValue: 1)
}

/// How a tensor is quantized (`LiteRtQuantizationTypeId`).
struct QuantizationTypeID: RawRepresentable, Hashable, Sendable {
    let rawValue: Int32
    /// `kLiteRtQuantizationNone`
    static let none = QuantizationTypeID(rawValue: 0)
    /// `kLiteRtQuantizationPerTensor`: one scale and zero point.
    static let perTensor = QuantizationTypeID(rawValue: 1)
    /// `kLiteRtQuantizationPerChannel`: a scale and zero point per slice of one dimension.
    static let perChannel = QuantizationTypeID(rawValue: 2)
}

/// What a host lock of a tensor buffer is for (`LiteRtTensorBufferLockMode`).
struct TensorBufferLockMode: RawRepresentable, Hashable, Sendable {
    let rawValue: Int32
    /// `kLiteRtTensorBufferLockModeRead`
    static let read = TensorBufferLockMode(rawValue: 0)
    /// `kLiteRtTensorBufferLockModeWrite`
    static let write = TensorBufferLockMode(rawValue: 1)
}

/// Where a tensor buffer's memory lives (`LiteRtTensorBufferType`).
public struct TensorBufferType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    /// `kLiteRtTensorBufferTypeUnknown`
    public static let unknown = TensorBufferType(rawValue: 0)
    /// `kLiteRtTensorBufferTypeHostMemory`: ordinary memory the CPU reads and writes.
    public static let hostMemory = TensorBufferType(rawValue: 1)

    public var description: String {
        switch self {
        case .unknown: return "unknown"
        case .hostMemory: return "host memory"
        default: return "buffer type \(rawValue)"
        }
    }
}
