/// The element type of a tensor as the model file's schema numbers it (`tflite::TensorType`, a signed byte).
///
/// The file's vocabulary. The runtime numbers element types differently (`LiteRtElementType` / `TfLiteType`,
/// LiteRT's `ElementType`: float32 is 1 there, 0 here); the one conversion between them is in EdgeBench.
///
/// An open set: values this version does not name still round-trip through `rawValue`.
public struct SchemaTensorType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int8
    public init(rawValue: Int8) { self.rawValue = rawValue }

    /// `FLOAT32`
    public static let float32 = SchemaTensorType(rawValue: 0)
    /// `FLOAT16`
    public static let float16 = SchemaTensorType(rawValue: 1)
    /// `INT32`
    public static let int32 = SchemaTensorType(rawValue: 2)
    /// `UINT8`
    public static let uint8 = SchemaTensorType(rawValue: 3)
    /// `INT64`
    public static let int64 = SchemaTensorType(rawValue: 4)
    /// `STRING` (variable-length; no fixed element size)
    public static let string = SchemaTensorType(rawValue: 5)
    /// `BOOL`
    public static let bool = SchemaTensorType(rawValue: 6)
    /// `INT16`
    public static let int16 = SchemaTensorType(rawValue: 7)
    /// `COMPLEX64`
    public static let complex64 = SchemaTensorType(rawValue: 8)
    /// `INT8`
    public static let int8 = SchemaTensorType(rawValue: 9)
    /// `FLOAT64`
    public static let float64 = SchemaTensorType(rawValue: 10)
    /// `COMPLEX128`
    public static let complex128 = SchemaTensorType(rawValue: 11)
    /// `UINT64`
    public static let uint64 = SchemaTensorType(rawValue: 12)
    /// `RESOURCE`
    public static let resource = SchemaTensorType(rawValue: 13)
    /// `VARIANT`
    public static let variant = SchemaTensorType(rawValue: 14)
    /// `UINT32`
    public static let uint32 = SchemaTensorType(rawValue: 15)
    /// `UINT16`
    public static let uint16 = SchemaTensorType(rawValue: 16)
    /// `INT4` (packed two per byte in constant buffers)
    public static let int4 = SchemaTensorType(rawValue: 17)
    /// `BFLOAT16`
    public static let bfloat16 = SchemaTensorType(rawValue: 18)

    private static let names = ["float32", "float16", "int32", "uint8", "int64", "string", "bool", "int16",
                                "complex64", "int8", "float64", "complex128", "uint64", "resource", "variant",
                                "uint32", "uint16", "int4", "bfloat16"]

    /// The lower-case name (`"uint8"`), or `"type(N)"` for values this version does not know.
    public var name: String {
        let i = Int(rawValue)
        return i >= 0 && i < Self.names.count ? Self.names[i] : "type(\(rawValue))"
    }

    public var description: String { name }

    /// Bytes per element, or nil for variable-size (`string`, `resource`, `variant`), sub-byte (`int4`)
    /// and unknown types.
    public var byteSize: Int? {
        switch self {
        case .bool, .uint8, .int8: return 1
        case .float16, .int16, .uint16, .bfloat16: return 2
        case .float32, .int32, .uint32: return 4
        case .int64, .uint64, .float64, .complex64: return 8
        case .complex128: return 16
        default: return nil
        }
    }

    /// Whether the type is an 8-bit integer (the quantized types the Edge TPU runs).
    public var isQuantized8Bit: Bool { self == .uint8 || self == .int8 }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let i = Self.names.firstIndex(of: text) {
            self.init(rawValue: Int8(i))
        } else if text.hasPrefix("type("), text.hasSuffix(")"), let v = Int8(text.dropFirst(5).dropLast()) {
            self.init(rawValue: v)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown tensor type \(text)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// A tensor's quantization record as the model file stores it (the schema's `QuantizationParameters` table):
/// `real = scale × (quantized − zeroPoint)`, per tensor or per channel, with any calibration range.
///
/// The file's vocabulary. What the runtime reports for a tensor is LiteRT's `PerTensorQuantization`; the one
/// conversion between them is in EdgeBench.
public struct SchemaQuantization: Sendable, Equatable, Codable {
    /// One scale per tensor, or one per slice along `quantizedDimension`.
    public var scales: [Float]
    /// Zero points, as many as `scales`.
    public var zeroPoints: [Int64]
    /// The axis that per-channel parameters index (0 for per-tensor).
    public var quantizedDimension: Int
    /// Calibration minima kept by the converter (often empty).
    public var min: [Float]
    /// Calibration maxima kept by the converter (often empty).
    public var max: [Float]

    public init(scales: [Float], zeroPoints: [Int64], quantizedDimension: Int = 0, min: [Float] = [], max: [Float] = []) {
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.quantizedDimension = quantizedDimension
        self.min = min
        self.max = max
    }

    /// The per-tensor scale (the first scale), or nil when there is none.
    public var scale: Float? { scales.first }
    /// The per-tensor zero point (the first), or nil when there is none.
    public var zeroPoint: Int64? { zeroPoints.first }
    /// Whether there is more than one scale.
    public var isPerChannel: Bool { scales.count > 1 }
}
