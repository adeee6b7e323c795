import LiteRT
import ModelFormat

// The model file and the runtime describe tensors in two vocabularies with different numberings: ModelFormat's
// `SchemaTensorType` / `SchemaQuantization` (the .tflite schema) and LiteRT's `ElementType` /
// `PerTensorQuantization` (what the runtime reports). This file is the one place that converts between them.

extension ElementType {
    /// The runtime's element type for a tensor type as the model file numbers it.
    /// - Parameter schema: A `tflite::TensorType` value read from a model file.
    /// - Returns: nil for a schema value this version does not name (its number means nothing to the runtime).
    public init?(_ schema: SchemaTensorType) {
        switch schema {
        case .float32: self = .float32
        case .float16: self = .float16
        case .int32: self = .int32
        case .uint8: self = .uint8
        case .int64: self = .int64
        case .string: self = .string
        case .bool: self = .bool
        case .int16: self = .int16
        case .complex64: self = .complex64
        case .int8: self = .int8
        case .float64: self = .float64
        case .complex128: self = .complex128
        case .uint64: self = .uint64
        case .resource: self = .resource
        case .variant: self = .variant
        case .uint32: self = .uint32
        case .uint16: self = .uint16
        case .int4: self = .int4
        case .bfloat16: self = .bfloat16
        default: return nil
        }
    }
}

extension PerTensorQuantization {
    /// The per-tensor quantization the runtime reports for a tensor whose file record is `schema`.
    /// - Parameter schema: The tensor's quantization record in the model file.
    /// - Returns: nil when the record is per channel (more than one scale) or has no scale: the runtime reports no
    ///   per-tensor parameters for such a tensor. A missing zero point is 0, as in TensorFlow Lite.
    public init?(_ schema: SchemaQuantization) {
        guard schema.scales.count == 1, let scale = schema.scales.first, schema.zeroPoints.count <= 1 else { return nil }
        self.init(scale: scale, zeroPoint: Int(schema.zeroPoints.first ?? 0))
    }
}
