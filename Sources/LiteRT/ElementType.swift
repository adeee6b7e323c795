/// The element type of a tensor as the runtime numbers it (`LiteRtElementType`, the same numbering as `TfLiteType`).
///
/// The runtime's vocabulary. A model file numbers its tensor types differently (`tflite::TensorType`, ModelFormat's
/// `SchemaTensorType`: float32 is 0 there, 1 here); the one conversion between them is in EdgeBench.
public struct ElementType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `kLiteRtElementTypeNone`
    public static let none = ElementType(rawValue: 0)
    /// `kLiteRtElementTypeFloat32`
    public static let float32 = ElementType(rawValue: 1)
    /// `kLiteRtElementTypeInt32`
    public static let int32 = ElementType(rawValue: 2)
    /// `kLiteRtElementTypeUInt8`
    public static let uint8 = ElementType(rawValue: 3)
    /// `kLiteRtElementTypeInt64`
    public static let int64 = ElementType(rawValue: 4)
    /// `kLiteRtElementTypeTfString`
    public static let string = ElementType(rawValue: 5)
    /// `kLiteRtElementTypeBool`
    public static let bool = ElementType(rawValue: 6)
    /// `kLiteRtElementTypeInt16`
    public static let int16 = ElementType(rawValue: 7)
    /// `kLiteRtElementTypeComplex64`
    public static let complex64 = ElementType(rawValue: 8)
    /// `kLiteRtElementTypeInt8`
    public static let int8 = ElementType(rawValue: 9)
    /// `kLiteRtElementTypeFloat16`
    public static let float16 = ElementType(rawValue: 10)
    /// `kLiteRtElementTypeFloat64`
    public static let float64 = ElementType(rawValue: 11)
    /// `kLiteRtElementTypeComplex128`
    public static let complex128 = ElementType(rawValue: 12)
    /// `kLiteRtElementTypeUInt64`
    public static let uint64 = ElementType(rawValue: 13)
    /// `kLiteRtElementTypeTfResource`
    public static let resource = ElementType(rawValue: 14)
    /// `kLiteRtElementTypeTfVariant`
    public static let variant = ElementType(rawValue: 15)
    /// `kLiteRtElementTypeUInt32`
    public static let uint32 = ElementType(rawValue: 16)
    /// `kLiteRtElementTypeUInt16`
    public static let uint16 = ElementType(rawValue: 17)
    /// `kLiteRtElementTypeInt4` (packed two per byte)
    public static let int4 = ElementType(rawValue: 18)
    /// `kLiteRtElementTypeBFloat16`
    public static let bfloat16 = ElementType(rawValue: 19)

    /// Bytes per element, or nil for types without a fixed size (strings, resources, sub-byte types).
    public var byteSize: Int? {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .float32, .int32, .uint32: return 4
        case .int64, .uint64, .float64, .complex64: return 8
        case .complex128: return 16
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .none: return "none"
        case .float32: return "float32"
        case .int32: return "int32"
        case .uint8: return "uint8"
        case .int64: return "int64"
        case .string: return "string"
        case .bool: return "bool"
        case .int16: return "int16"
        case .int8: return "int8"
        case .float16: return "float16"
        case .float64: return "float64"
        case .uint32: return "uint32"
        case .uint16: return "uint16"
        case .complex64: return "complex64"
        case .complex128: return "complex128"
        case .uint64: return "uint64"
        case .resource: return "resource"
        case .variant: return "variant"
        case .int4: return "int4"
        case .bfloat16: return "bfloat16"
        default: return "type(\(rawValue))"
        }
    }
}
