import LiteRT

/// A Swift number type that is stored as one tensor element type, so `[Self]` can be copied into
/// and out of tensors of that type without conversion.
public protocol TensorElement: BitwiseCopyable {
    /// The tensor element type that holds values of this type.
    static var elementType: ElementType { get }
}

extension Float: TensorElement { public static var elementType: ElementType { .float32 } }
extension Double: TensorElement { public static var elementType: ElementType { .float64 } }
extension UInt8: TensorElement { public static var elementType: ElementType { .uint8 } }
extension Int8: TensorElement { public static var elementType: ElementType { .int8 } }
extension Int16: TensorElement { public static var elementType: ElementType { .int16 } }
extension Int32: TensorElement { public static var elementType: ElementType { .int32 } }
extension Int64: TensorElement { public static var elementType: ElementType { .int64 } }
