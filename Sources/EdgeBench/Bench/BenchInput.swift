import Results
import Foundation
import Imaging
import LiteRT

/// What a benchmark feeds the model.
public enum BenchInput: Sendable, Equatable {
    /// All-zero bytes.
    case zeros
    /// Deterministic pseudo-random values of the input's type.
    case random
    /// Images, decoded and encoded for each model (cycled through with `--end-to-end`).
    case images([String])

    /// Parses `--input zeros|random|IMAGE[,IMAGE...]`.
    public static func parse(_ text: String) -> BenchInput {
        switch text {
        case "zeros": return .zeros
        case "random": return .random
        default: return .images(text.split(separator: ",").map(String.init))
        }
    }

    public var description: String {
        switch self {
        case .zeros: return "zeros"
        case .random: return "random"
        case let .images(paths): return paths.map { ($0 as NSString).lastPathComponent }.joined(separator: ",")
        }
    }

    /// "images: …" for images, else the input's name; used to word the agreement sentence.
    var agreementDescription: String {
        if case .images = self { return "images: " + description }
        return description
    }

    /// Input bytes for each input of a model (one entry per input tensor).
    func bytes(for inputs: [TensorInfo], model: String, imageIndex: Int = 0) throws -> [[UInt8]] {
        try inputs.enumerated().map { index, info in
            let count = info.byteCount ?? 0
            switch self {
            case .zeros:
                return [UInt8](repeating: 0, count: count)
            case .random:
                return BenchInput.randomBytes(for: info, seed: UInt64(index + 1))
            case let .images(paths):
                guard !paths.isEmpty else { return [UInt8](repeating: 0, count: count) }
                return try BenchInput.encodedImage(paths[imageIndex % paths.count], for: info, model: model)
            }
        }
    }

    static func encodedImage(_ path: String, for info: TensorInfo, model: String, normalization: InputNormalization = .pycoralDefault) throws -> [UInt8] {
        _ = try TensorCoding.imageSize(of: info, model: model)  // refuse a non-image input before decoding
        let image = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: path))
        return try TensorCoding.encode(image: image, for: info, model: model, normalization: normalization)
    }

    /// How `randomBytes` fills a tensor of `type`, for the notes that say random input was used.
    public static func randomRangeDescription(for type: ElementType) -> String {
        switch type {
        case .float32: return "float32 uniform in [-1, 1]"
        case .uint8, .int8: return "\(type) over its whole range"
        case .bool: return "bool 0 or 1"
        case .int16, .int32, .int64: return "\(type) 0 or 1 (valid as indices and sizes)"
        default: return "\(type) zeros"
        }
    }

    /// Deterministic values that are valid for the type (never NaN or infinite; integers that may be
    /// indices stay small so that a gather or slice reads inside its table).
    package static func randomBytes(for info: TensorInfo, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let count = info.elementCount
        switch info.elementType {
        case .float32:
            let values = (0..<count).map { _ in Float(Double(next() % 2_000_001) / 1_000_000 - 1) }
            return values.withUnsafeBytes { Array($0) }
        case .uint8, .int8:
            return (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
        case .bool:
            return (0..<count).map { _ in UInt8(next() & 1) }
        case .int16, .int32, .int64:
            let width = info.elementType.byteSize ?? 1
            var bytes = [UInt8](repeating: 0, count: count * width)
            // Little-endian: the lowest byte carries the value.
            for index in 0..<count { bytes[index * width] = UInt8(next() & 1) }
            return bytes
        default:
            return [UInt8](repeating: 0, count: info.byteCount ?? 0)
        }
    }
}
