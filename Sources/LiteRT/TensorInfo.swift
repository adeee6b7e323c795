/// Per-tensor affine quantization as the runtime reports it (`LiteRtQuantizationPerTensor`):
/// `real = scale * (quantized - zeroPoint)`.
///
/// The runtime's vocabulary; the model file's own quantization record (every scale, zero point and
/// calibration range) is ModelFormat's `SchemaQuantization`, converted to this type in one place (EdgeBench).
public struct PerTensorQuantization: Hashable, Sendable, Codable {
    public var scale: Float
    public var zeroPoint: Int
    public init(scale: Float, zeroPoint: Int) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }
}

/// What a signature input or output looks like, as LiteRT reports it.
public struct TensorInfo: Hashable, Sendable {
    public var name: String
    public var elementType: ElementType
    public var shape: [Int]
    /// Per-tensor quantization, or nil for float tensors.
    public var quantization: PerTensorQuantization?
    /// Per-channel scales when the tensor is quantized per channel (rare for I/O tensors).
    public var perChannelScales: [Float]?

    public init(name: String, elementType: ElementType, shape: [Int], quantization: PerTensorQuantization?, perChannelScales: [Float]? = nil) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
        self.quantization = quantization
        self.perChannelScales = perChannelScales
    }

    public var elementCount: Int { shape.reduce(1, *) }
    /// Size in bytes, or nil when the element type has no fixed size.
    public var byteCount: Int? { elementType.byteSize.map { $0 * elementCount } }
}
