/// The element type of a tensor (`LiteRtElementType`, the same numbering as `TfLiteType`).
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
    /// `kLiteRtElementTypeInt8`
    public static let int8 = ElementType(rawValue: 9)
    /// `kLiteRtElementTypeFloat16`
    public static let float16 = ElementType(rawValue: 10)
    /// `kLiteRtElementTypeFloat64`
    public static let float64 = ElementType(rawValue: 11)
    /// `kLiteRtElementTypeUInt32`
    public static let uint32 = ElementType(rawValue: 16)
    /// `kLiteRtElementTypeUInt16`
    public static let uint16 = ElementType(rawValue: 17)

    /// Bytes per element, or nil for types without a fixed size (strings, resources, sub-byte types).
    public var byteSize: Int? {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .int16, .uint16, .float16: return 2
        case .float32, .int32, .uint32: return 4
        case .int64, .float64: return 8
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
        default: return "type(\(rawValue))"
        }
    }
}
