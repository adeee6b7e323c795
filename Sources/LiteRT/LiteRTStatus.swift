/// A status code returned by a LiteRT C function (`LiteRtStatus`).
///
/// LiteRT 2.3.0 exports no function that turns a status into text, so the names and
/// explanations live here, once.
public struct LiteRTStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `kLiteRtStatusOk`
    public static let ok = LiteRTStatus(rawValue: 0)
    /// `kLiteRtStatusErrorInvalidArgument`
    public static let invalidArgument = LiteRTStatus(rawValue: 1)
    /// `kLiteRtStatusErrorMemoryAllocationFailure`
    public static let memoryAllocationFailure = LiteRTStatus(rawValue: 2)
    /// `kLiteRtStatusErrorRuntimeFailure`
    public static let runtimeFailure = LiteRTStatus(rawValue: 3)
    /// `kLiteRtStatusErrorMissingInputTensor`
    public static let missingInputTensor = LiteRTStatus(rawValue: 4)
    /// `kLiteRtStatusErrorUnsupported`
    public static let unsupported = LiteRTStatus(rawValue: 5)
    /// `kLiteRtStatusErrorNotFound`
    public static let notFound = LiteRTStatus(rawValue: 6)
    /// `kLiteRtStatusErrorTimeoutExpired`
    public static let timeoutExpired = LiteRTStatus(rawValue: 7)
    /// `kLiteRtStatusErrorWrongVersion`
    public static let wrongVersion = LiteRTStatus(rawValue: 8)
    /// `kLiteRtStatusErrorUnknown`
    public static let unknown = LiteRTStatus(rawValue: 9)
    /// `kLiteRtStatusErrorAlreadyExists`
    public static let alreadyExists = LiteRTStatus(rawValue: 10)
    /// `kLiteRtStatusCancelled`
    public static let cancelled = LiteRTStatus(rawValue: 100)
    /// `kLiteRtStatusErrorFileIO`
    public static let fileIO = LiteRTStatus(rawValue: 500)
    /// `kLiteRtStatusErrorInvalidFlatbuffer`
    public static let invalidFlatbuffer = LiteRTStatus(rawValue: 501)
    /// `kLiteRtStatusErrorDynamicLoading`
    public static let dynamicLoading = LiteRTStatus(rawValue: 502)
    /// `kLiteRtStatusErrorSerialization`
    public static let serialization = LiteRTStatus(rawValue: 503)
    /// `kLiteRtStatusErrorCompilation`
    public static let compilation = LiteRTStatus(rawValue: 504)
    /// `kLiteRtStatusErrorIndexOOB`
    public static let indexOutOfBounds = LiteRTStatus(rawValue: 1000)
    /// `kLiteRtStatusErrorInvalidIrType`
    public static let invalidIRType = LiteRTStatus(rawValue: 1001)
    /// `kLiteRtStatusErrorInvalidGraphInvariant`
    public static let invalidGraphInvariant = LiteRTStatus(rawValue: 1002)
    /// `kLiteRtStatusErrorGraphModification`
    public static let graphModification = LiteRTStatus(rawValue: 1003)
    /// `kLiteRtStatusErrorUnsupportedRuntimeVersion`
    public static let unsupportedRuntimeVersion = LiteRTStatus(rawValue: 4000)
    /// `kLiteRtStatusErrorUnsupportedCompilerVersion`
    public static let unsupportedCompilerVersion = LiteRTStatus(rawValue: 4001)
    /// `kLiteRtStatusErrorIncompatibleByteCodeVersion`
    public static let incompatibleByteCodeVersion = LiteRTStatus(rawValue: 4002)
    /// `kLiteRtStatusErrorShapeInferenceFailed`
    public static let shapeInferenceFailed = LiteRTStatus(rawValue: 5001)

    private static let names: [Int32: (name: String, meaning: String)] = [
        0: ("ok", "success"),
        1: ("invalid argument", "an argument was rejected"),
        2: ("memory allocation failure", "the runtime could not allocate memory"),
        3: ("runtime failure", "the runtime failed while preparing or running the model"),
        4: ("missing input tensor", "an input tensor was not provided"),
        5: ("unsupported", "the model or option is not supported by this runtime"),
        6: ("not found", "a requested item (accelerator, device, signature) was not found"),
        7: ("timeout expired", "the operation timed out"),
        8: ("wrong version", "a component has an incompatible version"),
        9: ("unknown error", "the runtime reported an unspecified error"),
        10: ("already exists", "the item already exists"),
        100: ("cancelled", "the operation was cancelled"),
        500: ("file I/O error", "the model file could not be read"),
        501: ("invalid flatbuffer", "the file is not a valid TensorFlow Lite model"),
        502: ("dynamic loading error", "a plugin or accelerator library could not be loaded"),
        503: ("serialization error", "the model could not be serialized"),
        504: ("compilation error", "the model could not be compiled for the requested hardware"),
        1000: ("index out of bounds", "an index was out of range"),
        1001: ("invalid IR type", "the model graph contains an invalid type"),
        1002: ("invalid graph invariant", "the model graph is inconsistent"),
        1003: ("graph modification error", "the graph could not be modified"),
        4000: ("unsupported runtime version", "the runtime version is not supported"),
        4001: ("unsupported compiler version", "the compiler version is not supported"),
        4002: ("incompatible byte code version", "the compiled byte code is incompatible"),
        5000: ("unsupported op shape inferer", "shape inference is not available for an op"),
        5001: ("shape inference failed", "tensor shapes could not be inferred"),
    ]

    /// A short name, e.g. "runtime failure".
    public var name: String { Self.names[rawValue]?.name ?? "status \(rawValue)" }
    /// What the status means, in words.
    public var meaning: String { Self.names[rawValue]?.meaning ?? "an unrecognised LiteRT status" }
    public var description: String { "\(name) (LiteRT status \(rawValue))" }
}
