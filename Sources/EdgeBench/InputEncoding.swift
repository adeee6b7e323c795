import Foundation
import Imaging
import LiteRT
import Results

/// Turns images and numbers into input tensor bytes, and output bytes into real numbers.
public enum TensorCoding {
    /// The height and width an image input expects, from a `[1, H, W, 3]` shape.
    /// - Throws: `EdgeBenchError.notAnImageModel` for any other input.
    public static func imageSize(of input: TensorInfo, model: String) throws -> (height: Int, width: Int) {
        guard input.shape.count == 4, input.shape[0] == 1, input.shape[3] == 3, input.shape[1] > 0, input.shape[2] > 0 else {
            throw EdgeBenchError.notAnImageModel(model: model, detail: "its input '\(input.name)' has shape \(input.shape), not [1, height, width, 3]")
        }
        guard [.uint8, .int8, .float32].contains(input.elementType) else {
            throw EdgeBenchError.notAnImageModel(model: model, detail: "its input '\(input.name)' is \(input.elementType), not uint8, int8 or float32")
        }
        return (input.shape[1], input.shape[2])
    }

    /// Encodes RGB pixels for an input tensor, the way pycoral's classify_image does.
    ///
    /// Quantized inputs: when `scale * std ≈ 1` and `mean ≈ zeroPoint` the pixels are copied as they
    /// are (uint8; int8 shifted by 128); otherwise `(x - mean) / (std * scale) + zeroPoint`, rounded
    /// and clipped to the type's range. Float inputs get `(x - mean) / std`.
    public static func encode(pixels: [UInt8], for input: TensorInfo, normalization: InputNormalization) -> [UInt8] {
        let mean = normalization.mean, std = normalization.std
        switch input.elementType {
        case .float32:
            var floats = [Float](repeating: 0, count: pixels.count)
            for index in pixels.indices { floats[index] = (Float(pixels[index]) - mean) / std }
            return floats.withUnsafeBytes { Array($0) }
        case .uint8, .int8:
            let signed = input.elementType == .int8
            let scale = input.quantization?.scale ?? 1
            let zeroPoint = Float(input.quantization?.zeroPoint ?? (signed ? -128 : 0))
            let identity = abs(scale * std - 1) < 1e-5 && abs(mean - zeroPoint) < 1e-5
            if identity && !signed { return pixels }
            return pixels.map { pixel -> UInt8 in
                let value = identity ? Float(pixel) - 128 : ((Float(pixel) - mean) / (std * scale) + zeroPoint)
                return signed ? UInt8(bitPattern: clamped(value, to: Int8.self)) : clamped(value, to: UInt8.self)
            }
        default:
            return pixels
        }
    }

    /// Resizes an image to an image input's size and encodes it (`encode(pixels:for:normalization:)`).
    /// - Throws: `EdgeBenchError.notAnImageModel` when the input is not `[1, H, W, 3]`.
    public static func encode(image: RGBImage, for input: TensorInfo, model: String, normalization: InputNormalization) throws -> [UInt8] {
        let size = try imageSize(of: input, model: model)
        let resized = image.resized(width: size.width, height: size.height)
        return encode(pixels: resized.pixels, for: input, normalization: normalization)
    }

    /// Encodes numbers for a tensor of any numeric type (quantizing when the tensor is quantized).
    public static func encode(numbers: [Double], for input: TensorInfo) -> [UInt8] {
        func quantized(_ value: Double) -> Double {
            guard let q = input.quantization, q.scale != 0 else { return value }
            return (value / Double(q.scale)).rounded() + Double(q.zeroPoint)
        }
        func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }
        func clamp<T: FixedWidthInteger>(_ value: Double, _: T.Type) -> T { clamped(value, to: T.self) }
        switch input.elementType {
        case .float32: return bytes(numbers.map { Float($0) })
        case .float64: return bytes(numbers)
        case .uint8: return bytes(numbers.map { clamp(quantized($0), UInt8.self) })
        case .int8: return bytes(numbers.map { clamp(quantized($0), Int8.self) })
        case .int16: return bytes(numbers.map { clamp(quantized($0), Int16.self) })
        case .int32: return bytes(numbers.map { clamp(quantized($0), Int32.self) })
        case .int64: return bytes(numbers.map { clamp(quantized($0), Int64.self) })
        case .bool: return numbers.map { $0 != 0 ? 1 : 0 }
        default: return []
        }
    }

    /// `value` rounded to the nearest `T`, clipped to `T`'s range; NaN becomes 0.
    ///
    /// A NaN or infinity (a file's zero scale, a user's odd mean) must never reach `T(_:)`, which traps on them.
    static func clamped<F: BinaryFloatingPoint, T: FixedWidthInteger>(_ value: F, to _: T.Type) -> T {
        let rounded = value.rounded()
        if rounded.isNaN { return 0 }
        if rounded <= F(T.min) { return T.min }
        // F(T.max) may round up past T.max (Float(Int32.max) is 2^31), so compare with >=.
        if rounded >= F(T.max) { return T.max }
        return T(rounded)
    }

    /// Decodes an output tensor to real numbers, dequantizing with its quantization.
    /// - Returns: nil for element types that are not numbers.
    public static func decode(_ bytes: UnsafeRawBufferPointer, as info: TensorInfo) -> [Double]? {
        let scale = info.quantization.map { Double($0.scale) }
        let zeroPoint = Double(info.quantization?.zeroPoint ?? 0)
        func dequantize(_ value: Double) -> Double { scale.map { $0 * (value - zeroPoint) } ?? value }
        func values<T>(_: T.Type, _ convert: (T) -> Double) -> [Double] {
            let stride = MemoryLayout<T>.stride
            let count = bytes.count / stride
            return (0..<count).map { convert(bytes.loadUnaligned(fromByteOffset: $0 * stride, as: T.self)) }
        }
        switch info.elementType {
        case .float32: return values(Float.self) { Double($0) }
        case .float64: return values(Double.self) { $0 }
        case .uint8: return values(UInt8.self) { dequantize(Double($0)) }
        case .int8: return values(Int8.self) { dequantize(Double($0)) }
        case .int16: return values(Int16.self) { dequantize(Double($0)) }
        case .int32: return values(Int32.self) { dequantize(Double($0)) }
        case .int64: return values(Int64.self) { dequantize(Double($0)) }
        case .bool: return values(UInt8.self) { $0 != 0 ? 1 : 0 }
        default: return nil
        }
    }
}

extension Array where Element == Double {
    /// The `k` highest scores above `threshold`, best first (ties: lower index first).
    public func topK(_ k: Int, threshold: Double = 0, labels: Labels? = nil) -> [ClassScore] {
        let ranked = indices.filter { self[$0] > threshold }
            .sorted { self[$0] != self[$1] ? self[$0] > self[$1] : $0 < $1 }
        return ranked.prefix(Swift.max(k, 0)).map { ClassScore(index: $0, label: labels?[$0], score: self[$0]) }
    }
}
