import Foundation

/// The network architectures `SyntheticModels` can build.
public enum SyntheticArchitecture: String, CaseIterable, Sendable {
    case mobilenetV1 = "mobilenet_v1"
    case mobilenetV2 = "mobilenet_v2"
}

/// The element type of a synthetic model's activations and weights.
public enum SyntheticDType: String, CaseIterable, Sendable {
    /// Float32 throughout.
    case float32
    /// Full-integer int8: per-channel symmetric int8 weights, int32 biases, int8 activations and I/O.
    case int8
    /// Full-integer uint8 in the style of the published quantized MobileNets: per-tensor asymmetric uint8
    /// weights (LiteRT's uint8 kernels take one scale per tensor), int32 biases, uint8 activations and I/O.
    case uint8
}

/// Builds architecture-accurate MobileNet models with deterministic synthetic weights.
///
/// The graphs follow the published TFLite ImageNet classifiers: the same operators in the same order, shapes,
/// strides, `SAME` paddings, channel counts and fused `RELU6`, ending in a global average pool, a 1×1
/// convolution to 1001 classes, a reshape to `[1, 1001]` and a softmax, so their MACs equal the published
/// models' (MobileNet v2 1.0 224: 300,775,552). Weights come from a seeded SplitMix64 generator with He-style
/// scaling (uniform with the variance of `2 / fan_in` before a ReLU6, `1 / fan_in` before a linear output),
/// batch normalization considered folded into small biases, so activations keep a roughly constant scale.
///
/// Input: `[1, size, size, 3]`; float models expect values in [-1, 1]; uint8 models `(x − 128) / 128` with
/// scale 1/128 and zero point 128, int8 models the same values with zero point 0.
/// Output: `[1, 1001]` softmax probabilities. One signature, `serving_default` (input `input`, output
/// `output`), so that LiteRT's `CompiledModel` can run the model.
///
/// Quantized activation ranges are fixed by layer kind rather than calibrated: ReLU6 outputs [0, 6], linear
/// bottleneck and residual outputs [-10, 10), logits [-16, 16), input [-1, 1); softmax outputs use scale 1/256
/// with the zero point LiteRT requires (0 for uint8, -128 for int8).
public enum SyntheticModels {
    /// Width multipliers of the published models (any value in (0, 2] is accepted).
    public static let publishedAlphas: [Double] = [0.25, 0.5, 0.75, 1.0, 1.3, 1.4]
    /// The number of ImageNet classes of the published classifiers (with "background").
    public static let classCount = 1001

    /// Builds a model file.
    /// - Parameters:
    ///   - architecture: MobileNet v1 or v2.
    ///   - alpha: The width multiplier, in (0, 2].
    ///   - size: The input height and width, a multiple of 32 from 32 to 512.
    ///   - dtype: float32, or full-integer int8 / uint8.
    ///   - seed: Seeds the weight generator; equal arguments give identical bytes.
    /// - Returns: The `.tflite` file.
    /// - Throws: `ModelWriterError.invalidAlpha` or `.invalidInputSize`.
    public static func make(_ architecture: SyntheticArchitecture, alpha: Double, size: Int, dtype: SyntheticDType,
                            seed: UInt64 = 1) throws -> [UInt8] {
        switch architecture {
        case .mobilenetV1: return try mobilenetV1(alpha: alpha, size: size, dtype: dtype, seed: seed)
        case .mobilenetV2: return try mobilenetV2(alpha: alpha, size: size, dtype: dtype, seed: seed)
        }
    }

    /// Builds MobileNet v1 (Howard et al. 2017) as in the published `mobilenet_v1_<alpha>_<size>` models.
    ///
    /// Channels: `max(Int(c × alpha), 8)` for c in 32, 64, 128, 128, 256, 256, 512 (×6), 1024, 1024.
    /// - Throws: `ModelWriterError.invalidAlpha` or `.invalidInputSize`.
    public static func mobilenetV1(alpha: Double, size: Int, dtype: SyntheticDType, seed: UInt64 = 1) throws -> [UInt8] {
        try validate(alpha: alpha, size: size)
        var g = SyntheticGraph(dtype: dtype, seed: seed)
        func depth(_ c: Int) -> Int { max(Int(Double(c) * alpha), 8) }
        var x = g.input(size: size)
        x = g.conv(x, name: "MobilenetV1/Conv2d_0", outChannels: depth(32), kernel: 3, stride: 2, relu6: true)
        let separable: [(Int, Int)] = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
                                       (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]
        for (i, (channels, stride)) in separable.enumerated() {
            let scope = "MobilenetV1/Conv2d_\(i + 1)"
            x = g.depthwise(x, name: "\(scope)_depthwise", stride: stride)
            x = g.conv(x, name: "\(scope)_pointwise", outChannels: depth(channels), kernel: 1, stride: 1, relu6: true)
        }
        x = g.averagePool(x, name: "MobilenetV1/Logits/AvgPool_1a", stride: 2)
        x = g.logits(x, name: "MobilenetV1/Logits/Conv2d_1c_1x1")
        x = g.reshape(x, name: "MobilenetV1/Logits/SpatialSqueeze", shape: [1, classCount])
        x = g.softmax(x, name: "MobilenetV1/Predictions/Reshape_1")
        return try g.serialize(output: x, description: describe(.mobilenetV1, alpha, size, dtype, seed))
    }

    /// Builds MobileNet v2 (Sandler et al. 2018) as in the published `mobilenet_v2_<alpha>_<size>` models.
    ///
    /// Channels: `makeDivisible(c × alpha, 8)` for the first convolution (32) and each block's output
    /// (16, 24, 32, 64, 96, 160, 320); expansion 6 (1 in the first block, which has no expansion convolution);
    /// the last convolution has 1280 channels, or `makeDivisible(1280 × alpha, 8)` when alpha > 1.
    /// - Throws: `ModelWriterError.invalidAlpha` or `.invalidInputSize`.
    public static func mobilenetV2(alpha: Double, size: Int, dtype: SyntheticDType, seed: UInt64 = 1) throws -> [UInt8] {
        try validate(alpha: alpha, size: size)
        var g = SyntheticGraph(dtype: dtype, seed: seed)
        var x = g.input(size: size)
        x = g.conv(x, name: "MobilenetV2/Conv", outChannels: makeDivisible(32 * alpha), kernel: 3, stride: 2, relu6: true)
        // (expansion t, channels c, repeats n, first stride s)
        let blocks: [(Int, Int, Int, Int)] = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                                              (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
        var blockIndex = 0
        for (t, c, n, s) in blocks {
            let outChannels = makeDivisible(Double(c) * alpha)
            for repeatIndex in 0 ..< n {
                let stride = repeatIndex == 0 ? s : 1
                let scope = blockIndex == 0 ? "MobilenetV2/expanded_conv" : "MobilenetV2/expanded_conv_\(blockIndex)"
                let inChannels = x.channels
                let shortcut = x
                var y = x
                if t != 1 {
                    y = g.conv(y, name: "\(scope)/expand", outChannels: inChannels * t, kernel: 1, stride: 1, relu6: true)
                }
                y = g.depthwise(y, name: "\(scope)/depthwise", stride: stride)
                y = g.conv(y, name: "\(scope)/project", outChannels: outChannels, kernel: 1, stride: 1, relu6: false)
                if stride == 1, inChannels == outChannels {
                    y = g.add(y, shortcut, name: "\(scope)/add")
                }
                x = y
                blockIndex += 1
            }
        }
        let lastChannels = alpha > 1 ? makeDivisible(1280 * alpha) : 1280
        x = g.conv(x, name: "MobilenetV2/Conv_1", outChannels: lastChannels, kernel: 1, stride: 1, relu6: true)
        x = g.averagePool(x, name: "MobilenetV2/Logits/AvgPool", stride: 1)
        x = g.logits(x, name: "MobilenetV2/Logits/Conv2d_1c_1x1")
        x = g.reshape(x, name: "MobilenetV2/Logits/Squeeze", shape: [1, classCount])
        x = g.softmax(x, name: "MobilenetV2/Predictions/Softmax")
        return try g.serialize(output: x, description: describe(.mobilenetV2, alpha, size, dtype, seed))
    }

    /// The channel rounding of MobileNet v2: the nearest multiple of `divisor`, at least `divisor`, and never
    /// more than 10 % below `value`.
    /// - Parameters:
    ///   - value: The scaled channel count.
    ///   - divisor: The multiple (8).
    /// - Returns: The rounded channel count.
    public static func makeDivisible(_ value: Double, divisor: Int = 8) -> Int {
        let rounded = max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
        return Double(rounded) < 0.9 * value ? rounded + divisor : rounded
    }

    /// Checks the width multiplier and input size.
    /// - Throws: `ModelWriterError.invalidAlpha` unless 0 < alpha ≤ 2 (finite), `.invalidInputSize` unless
    ///   the size is a multiple of 32 in 32 ... 512.
    public static func validate(alpha: Double, size: Int) throws {
        guard alpha.isFinite, alpha > 0, alpha <= 2 else { throw ModelWriterError.invalidAlpha(alpha) }
        guard size >= 32, size <= 512, size % 32 == 0 else { throw ModelWriterError.invalidInputSize(size) }
    }

    private static func describe(_ architecture: SyntheticArchitecture, _ alpha: Double, _ size: Int,
                                 _ dtype: SyntheticDType, _ seed: UInt64) -> String {
        "edgebench synthetic \(architecture.rawValue) alpha=\(alpha) size=\(size) dtype=\(dtype.rawValue) seed=\(seed)"
    }
}
