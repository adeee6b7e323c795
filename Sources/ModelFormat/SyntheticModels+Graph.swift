import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator; the same seed gives the same weights
/// on every platform.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform float in [-bound, bound).
    mutating func uniform(_ bound: Float) -> Float {
        let unit = Float(next() >> 40) * 0x1p-24 // [0, 1) with 24 random bits
        return (2 * unit - 1) * bound
    }
}

/// Builds the tensors and operators of a synthetic classifier, one layer at a time, in float32 or quantized
/// form. The random weights are drawn in the same order for every dtype, so the quantized models approximate
/// the float model of the same seed.
struct SyntheticGraph {
    /// An activation tensor and the real range its quantization covers.
    struct Value {
        let index: Int
        let shape: [Int]
        /// The real range of the quantized tensor (also recorded for float models; unused there).
        let range: (min: Float, max: Float)
        var channels: Int { shape.last ?? 0 }
    }

    /// Where ranges come from: see `SyntheticModels`.
    enum Ranges {
        static let input: (min: Float, max: Float) = (-1, 127.0 / 128.0)
        static let relu6: (min: Float, max: Float) = (0, 6)
        static let linear: (min: Float, max: Float) = (-10, 10 * 127.0 / 128.0)
        static let logits: (min: Float, max: Float) = (-16, 16 * 127.0 / 128.0)
    }

    let dtype: SyntheticDType
    private var rng: SplitMix64
    private var model = TFLiteWriter.Model()
    private var tensors: [TFLiteWriter.Tensor] = []
    private var operators: [TFLiteWriter.Operator] = []
    private var inputIndex = 0

    init(dtype: SyntheticDType, seed: UInt64) {
        self.dtype = dtype
        rng = SplitMix64(seed: seed)
    }

    private var activationType: SchemaTensorType {
        switch dtype {
        case .float32: return .float32
        case .int8: return .int8
        case .uint8: return .uint8
        }
    }

    private var quantizedRange: (min: Int, max: Int) { dtype == .int8 ? (-128, 127) : (0, 255) }

    /// The operator version the TFLite converter would write for this dtype.
    private func version(_ op: BuiltinOperator) -> Int {
        guard dtype == .int8 else { return 1 }
        switch op {
        case .conv2D, .depthwiseConv2D: return 3
        case .add, .averagePool2D, .softmax: return 2
        default: return 1
        }
    }

    // MARK: Tensors

    /// Per-tensor asymmetric parameters covering `range` (which must contain 0).
    private func activationQuantization(_ range: (min: Float, max: Float)) -> SchemaQuantization? {
        guard dtype != .float32 else { return nil }
        let (qmin, qmax) = quantizedRange
        let scale = (range.max - range.min) / Float(qmax - qmin)
        let zeroPoint = min(max(Int((Float(qmin) - range.min / scale).rounded()), qmin), qmax)
        return SchemaQuantization(scales: [scale], zeroPoints: [Int64(zeroPoint)])
    }

    private mutating func addTensor(_ tensor: TFLiteWriter.Tensor) -> Int {
        tensors.append(tensor)
        return tensors.count - 1
    }

    private mutating func activation(_ name: String, shape: [Int], range: (min: Float, max: Float),
                                     quantization: SchemaQuantization? = nil) -> Value {
        let q = quantization ?? activationQuantization(range)
        let index = addTensor(TFLiteWriter.Tensor(name: name, type: activationType, shape: shape, quantization: q))
        return Value(index: index, shape: shape, range: range)
    }

    private func scale(of value: Value) -> Float { tensors[value.index].quantization?.scale ?? 1 }

    /// Adds the filter and bias constants of a convolution; `channelAxis` is 0 for CONV_2D, 3 for depthwise.
    private mutating func addWeights(name: String, shape: [Int], channelAxis: Int, gain: Float, biasBound: Float,
                                     inputScale: Float) -> (filter: Int, bias: Int) {
        let count = shape.reduce(1, *)
        let channels = shape[channelAxis]
        let fanIn = count / channels
        let bound = (3 * gain * gain / Float(fanIn)).squareRoot() // uniform variance bound²/3 = gain²/fan_in
        let weights = (0 ..< count).map { _ in rng.uniform(bound) }
        let biases = (0 ..< channels).map { _ in rng.uniform(biasBound) }
        // Element i belongs to channel i / stride % channels (stride = product of the dims after the axis).
        let stride = shape[(channelAxis + 1)...].reduce(1, *)
        func channel(_ i: Int) -> Int { (i / stride) % channels }

        let filterTensor: TFLiteWriter.Tensor
        let biasTensor: TFLiteWriter.Tensor
        switch dtype {
        case .float32:
            filterTensor = TFLiteWriter.Tensor(name: "\(name)/weights", type: .float32, shape: shape,
                                               buffer: model.addBuffer(Bytes.little(weights)))
            biasTensor = TFLiteWriter.Tensor(name: "\(name)/bias", type: .float32, shape: [channels],
                                             buffer: model.addBuffer(Bytes.little(biases)))
        case .int8:
            var maxAbs = [Float](repeating: 0, count: channels)
            for (i, w) in weights.enumerated() { maxAbs[channel(i)] = max(maxAbs[channel(i)], abs(w)) }
            let scales = maxAbs.map { max($0, 1e-8) / 127 }
            let q = weights.enumerated().map { i, w in Int8(min(max((w / scales[channel(i)]).rounded(), -127), 127)) }
            filterTensor = TFLiteWriter.Tensor(
                name: "\(name)/weights", type: .int8, shape: shape, buffer: model.addBuffer(q.map { UInt8(bitPattern: $0) }),
                quantization: SchemaQuantization(scales: scales, zeroPoints: Array(repeating: 0, count: channels),
                                           quantizedDimension: channelAxis))
            let biasScales = scales.map { $0 * inputScale }
            let qb = biases.enumerated().map { c, b in Int32((b / biasScales[c]).rounded()) }
            biasTensor = TFLiteWriter.Tensor(
                name: "\(name)/bias", type: .int32, shape: [channels], buffer: model.addBuffer(Bytes.little(qb)),
                quantization: SchemaQuantization(scales: biasScales, zeroPoints: Array(repeating: 0, count: channels)))
        case .uint8:
            let low = min(weights.min() ?? 0, 0), high = max(weights.max() ?? 0, 0)
            let scale = max(high - low, 1e-8) / 255
            let zeroPoint = min(max((-low / scale).rounded(), 0), 255)
            let q = weights.map { UInt8(min(max(($0 / scale).rounded() + zeroPoint, 0), 255)) }
            filterTensor = TFLiteWriter.Tensor(
                name: "\(name)/weights", type: .uint8, shape: shape, buffer: model.addBuffer(q),
                quantization: SchemaQuantization(scales: [scale], zeroPoints: [Int64(zeroPoint)]))
            let biasScale = scale * inputScale
            let qb = biases.map { Int32(($0 / biasScale).rounded()) }
            biasTensor = TFLiteWriter.Tensor(
                name: "\(name)/bias", type: .int32, shape: [channels], buffer: model.addBuffer(Bytes.little(qb)),
                quantization: SchemaQuantization(scales: [biasScale], zeroPoints: [0]))
        }
        return (addTensor(filterTensor), addTensor(biasTensor))
    }

    // MARK: Layers

    /// The graph input, `[1, size, size, 3]`.
    mutating func input(size: Int) -> Value {
        let value = activation("input", shape: [1, size, size, 3], range: Ranges.input)
        inputIndex = value.index
        return value
    }

    /// A convolution with `SAME` padding, fused `RELU6` or linear.
    mutating func conv(_ x: Value, name: String, outChannels: Int, kernel: Int, stride: Int, relu6: Bool) -> Value {
        convolution(x, name: name, outChannels: outChannels, kernel: kernel, stride: stride,
                    gain: relu6 ? Float(2).squareRoot() : 1, biasBound: 0.05,
                    activation: relu6 ? .relu6 : .none, range: relu6 ? Ranges.relu6 : Ranges.linear,
                    outputName: relu6 ? "\(name)/Relu6" : "\(name)/BiasAdd")
    }

    /// The classifier: a 1×1 convolution to the class count, linear, with larger weights so that the
    /// softmax is not flat.
    mutating func logits(_ x: Value, name: String) -> Value {
        convolution(x, name: name, outChannels: SyntheticModels.classCount, kernel: 1, stride: 1, gain: 3, biasBound: 0,
                    activation: .none, range: Ranges.logits, outputName: "\(name)/BiasAdd")
    }

    private mutating func convolution(_ x: Value, name: String, outChannels: Int, kernel: Int, stride: Int,
                                      gain: Float, biasBound: Float, activation fused: ActivationFunction,
                                      range: (min: Float, max: Float), outputName: String) -> Value {
        let weights = addWeights(name: name, shape: [outChannels, kernel, kernel, x.channels], channelAxis: 0,
                                 gain: gain, biasBound: biasBound, inputScale: scale(of: x))
        let spatial = (x.shape[1] + stride - 1) / stride
        let y = activation(outputName, shape: [1, spatial, spatial, outChannels], range: range)
        let options = Conv2DOptions(padding: .same, strideW: stride, strideH: stride, activation: fused,
                                    dilationW: 1, dilationH: 1)
        operators.append(TFLiteWriter.Operator(.conv2D, version: version(.conv2D), inputs: [x.index, weights.filter, weights.bias],
                                               outputs: [y.index], options: .conv2D(options)))
        return y
    }

    /// A 3×3 depthwise convolution (multiplier 1) with `SAME` padding and fused `RELU6`.
    mutating func depthwise(_ x: Value, name: String, stride: Int) -> Value {
        let weights = addWeights(name: name, shape: [1, 3, 3, x.channels], channelAxis: 3, gain: Float(2).squareRoot(),
                                 biasBound: 0.05, inputScale: scale(of: x))
        let spatial = (x.shape[1] + stride - 1) / stride
        let y = activation("\(name)/Relu6", shape: [1, spatial, spatial, x.channels], range: Ranges.relu6)
        let options = DepthwiseConv2DOptions(padding: .same, strideW: stride, strideH: stride, depthMultiplier: 1,
                                             activation: .relu6, dilationW: 1, dilationH: 1)
        operators.append(TFLiteWriter.Operator(.depthwiseConv2D, version: version(.depthwiseConv2D),
                                               inputs: [x.index, weights.filter, weights.bias], outputs: [y.index],
                                               options: .depthwiseConv2D(options)))
        return y
    }

    /// A residual addition.
    mutating func add(_ a: Value, _ b: Value, name: String) -> Value {
        let y = activation(name, shape: a.shape, range: Ranges.linear)
        operators.append(TFLiteWriter.Operator(.add, version: version(.add), inputs: [a.index, b.index], outputs: [y.index],
                                               options: .add(activation: .none)))
        return y
    }

    /// A global average pool (`VALID`, the filter covering the whole feature map); output parameters equal
    /// the input's, as LiteRT's quantized pooling requires.
    mutating func averagePool(_ x: Value, name: String, stride: Int) -> Value {
        let y = activation(name, shape: [1, 1, 1, x.channels], range: x.range, quantization: tensors[x.index].quantization)
        let options = Pool2DOptions(padding: .valid, strideW: stride, strideH: stride, filterW: x.shape[2],
                                    filterH: x.shape[1], activation: .none)
        operators.append(TFLiteWriter.Operator(.averagePool2D, version: version(.averagePool2D), inputs: [x.index],
                                               outputs: [y.index], options: .pool2D(options)))
        return y
    }

    /// A reshape whose shape is a constant int32 input (and the options' `new_shape`).
    mutating func reshape(_ x: Value, name: String, shape: [Int]) -> Value {
        let shapeTensor = addTensor(TFLiteWriter.Tensor(name: "\(name)_shape", type: .int32, shape: [shape.count],
                                                        buffer: model.addBuffer(Bytes.little(shape.map { Int32($0) }))))
        let y = activation(name, shape: shape, range: x.range, quantization: tensors[x.index].quantization)
        operators.append(TFLiteWriter.Operator(.reshape, version: version(.reshape), inputs: [x.index, shapeTensor],
                                               outputs: [y.index], options: .reshape(newShape: shape)))
        return y
    }

    /// A softmax (beta 1); quantized outputs use scale 1/256 and the zero point LiteRT requires.
    mutating func softmax(_ x: Value, name: String) -> Value {
        let quantization: SchemaQuantization? = dtype == .float32 ? nil
            : SchemaQuantization(scales: [1.0 / 256], zeroPoints: [dtype == .int8 ? -128 : 0])
        let y = activation(name, shape: x.shape, range: (0, 255.0 / 256), quantization: quantization)
        operators.append(TFLiteWriter.Operator(.softmax, version: version(.softmax), inputs: [x.index], outputs: [y.index],
                                               options: .softmax(beta: 1)))
        return y
    }

    /// Writes the model with one subgraph and the `serving_default` signature.
    func serialize(output: Value, description: String) throws -> [UInt8] {
        var model = self.model
        model.description = description
        model.subgraphs = [TFLiteWriter.Subgraph(name: "main", tensors: tensors, inputs: [inputIndex],
                                                 outputs: [output.index], operators: operators)]
        model.signatures = [TFLiteWriter.Signature(
            key: "serving_default",
            inputs: [TFLiteWriter.TensorMap(name: "input", tensorIndex: inputIndex)],
            outputs: [TFLiteWriter.TensorMap(name: "output", tensorIndex: output.index)])]
        return try TFLiteWriter.serialize(model)
    }
}

/// Little-endian encodings of numeric arrays.
enum Bytes {
    static func little<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        #if _endian(little)
        return values.withUnsafeBytes { Array($0) }
        #else
        let width = MemoryLayout<T>.size
        var bytes = [UInt8](repeating: 0, count: values.count * width)
        for (i, value) in values.enumerated() {
            for k in 0 ..< width { bytes[i * width + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
        }
        return bytes
        #endif
    }

    static func little(_ values: [Float]) -> [UInt8] {
        #if _endian(little)
        return values.withUnsafeBytes { Array($0) }
        #else
        return little(values.map(\.bitPattern))
        #endif
    }
}
