import LiteRT

/// What an input or output tensor of an ``Interpreter`` looks like.
public struct TensorDescription: Hashable, Sendable, CustomStringConvertible {
    /// The tensor's name in the model's signature.
    public let name: String
    /// The type of each element.
    public let elementType: ElementType
    /// The dimensions LiteRT allocated (dynamic dimensions resolved; an output's shape may change after a run).
    public let shape: [Int]
    /// Per-tensor quantization, or nil when the tensor holds real values.
    public let quantization: PerTensorQuantization?

    init(_ info: TensorInfo) {
        name = info.name
        elementType = info.elementType
        shape = info.shape
        quantization = info.quantization
    }

    /// The number of elements: the product of the dimensions.
    public var elementCount: Int { shape.reduce(1, *) }

    /// The size of the tensor's data in bytes, or nil when its elements have no fixed size.
    public var byteCount: Int? { elementType.byteSize.map { $0 * elementCount } }

    /// For example `'input' uint8 [1, 224, 224, 3] (scale 0.0078125, zero point 128)`.
    public var description: String {
        let quantized = quantization.map { " (scale \($0.scale), zero point \($0.zeroPoint))" } ?? ""
        return "'\(name)' \(elementType) \(shape)\(quantized)"
    }
}
