/// Converts a quantized (uint8 / int8 / int16) model into an equivalent float32 model (`edgebench convert --dequantize`).
///
/// The model keeps its structure: the same subgraphs, tensor indices, names, buffers (constant data replaced),
/// metadata entries, signatures and description, so that tools comparing the two see the same graph.
///
/// - Constant tensors with quantization parameters (weights, int32 biases) become float32 data
///   `scale × (q − zero_point)`, per tensor or per channel along `quantized_dimension`. A buffer shared by
///   several tensors keeps its quantized bytes for the others; the float data goes to a new buffer.
/// - Every other quantized tensor (activations, inputs, outputs) becomes float32 without quantization.
/// - `QUANTIZE` and `DEQUANTIZE` operators are bypassed (their consumers read the producer's tensor, and a
///   subgraph or signature output moves to it), except a `DEQUANTIZE` of float16 data, which stays.
/// - Fused activations the quantized graph expressed only through its output range are restored on
///   `CONV_2D`, `DEPTHWISE_CONV_2D`, `FULLY_CONNECTED`, `ADD`, `SUB` and `MUL` whose activation is `NONE`:
///   an output range of [0, 6] (zero point at the lowest quantized value, top of the range within one step of
///   6) becomes `RELU6`; any other range starting at 0 becomes `RELU` (the quantized upper bound is dropped).
///   Pooling, reshapes and concatenations inherit their input's range and are left alone.
/// - Inputs: a float input takes the real value its quantized form encoded, `scale × (q − zero_point)`. For the
///   usual image models with scale 1/128 and zero point 128 (uint8) that is `(x − 128) / 128` for a pixel x.
/// - Outputs: float32 real values (probabilities for a softmax).
///
/// Not preserved: files appended to the model as a zip archive (associated files such as label lists); the
/// `TFLITE_METADATA` entry itself is kept.
public enum Dequantizer {
    /// Operators whose fused activation is restored from their output range.
    static let activationRestorable: Set<Int32> = [
        BuiltinOperator.conv2D.rawValue, BuiltinOperator.depthwiseConv2D.rawValue,
        BuiltinOperator.fullyConnected.rawValue, BuiltinOperator.add.rawValue, BuiltinOperator.mul.rawValue,
        41, // SUB
    ]

    /// Converts `model` to float32.
    /// - Parameter model: A parsed model with at least one quantized tensor.
    /// - Returns: The float model's `.tflite` bytes.
    /// - Throws: `ModelWriterError.notQuantized` when nothing is quantized, `.unsupportedQuantization` for
    ///   sparse, int4 or inconsistent quantized constants, `.unsupportedBuiltinOptions` for an operator whose
    ///   options cannot be copied, and any `TFLiteWriter` error.
    public static func dequantize(_ model: TFLiteModel) throws -> [UInt8] {
        let isQuantized = model.subgraphs.contains { $0.tensors.contains(where: isQuantizedTensor) }
        guard isQuantized else { throw ModelWriterError.notQuantized }

        var buffers: [[UInt8]] = model.buffers.map { Array(model.data(of: $0)) }
        if buffers.isEmpty { buffers = [[]] }
        var bufferUses = [Int](repeating: 0, count: buffers.count)
        for subgraph in model.subgraphs {
            for tensor in subgraph.tensors where tensor.isConstant { bufferUses[tensor.buffer] += 1 }
        }

        var out = TFLiteWriter.Model(description: model.description)
        out.preferredOperatorCodes = model.operatorCodes.map {
            TFLiteWriter.OperatorCodeEntry($0.builtinCode, customCode: $0.customCode, version: $0.version)
        }
        var subgraphAliases: [[Int: Int]] = []
        for subgraph in model.subgraphs {
            var tensors: [TFLiteWriter.Tensor] = []
            for tensor in subgraph.tensors {
                var converted = TFLiteWriter.Tensor(name: tensor.name, type: tensor.type, shape: tensor.shape,
                                                    buffer: tensor.buffer, quantization: tensor.quantization,
                                                    shapeSignature: tensor.shapeSignature, isVariable: tensor.isVariable)
                if isQuantizedTensor(tensor) {
                    converted.type = .float32
                    converted.quantization = nil
                    if tensor.isConstant {
                        let data = try dequantizedData(tensor, in: model)
                        if bufferUses[tensor.buffer] == 1 {
                            buffers[tensor.buffer] = data
                        } else {
                            buffers.append(data)
                            converted.buffer = buffers.count - 1
                        }
                    }
                }
                tensors.append(converted)
            }

            // QUANTIZE / DEQUANTIZE outputs alias their (now float) inputs.
            var alias: [Int: Int] = [:]
            func resolve(_ index: Int) -> Int {
                var current = index
                while let next = alias[current] { current = next }
                return current
            }
            var operators: [TFLiteWriter.Operator] = []
            for op in subgraph.operators {
                guard let code = model.operatorCode(for: op) else { continue }
                let inputs = op.inputs.map { $0 >= 0 ? resolve($0) : $0 }
                if code.builtinCode == .quantize || code.builtinCode == .dequantize,
                   let input = inputs.first, input >= 0, let output = op.outputs.first, output >= 0,
                   tensors[input].type == .float32, tensors[output].type == .float32 {
                    alias[output] = input
                    continue
                }
                var options = try model.builtinOptions(of: op)
                if activationRestorable.contains(code.builtinCode.rawValue), options.fusedActivation == ActivationFunction.none,
                   let output = op.outputs.first, output >= 0,
                   let restored = restoredActivation(for: subgraph.tensors[output]) {
                    options.setFusedActivation(restored)
                }
                operators.append(TFLiteWriter.Operator(
                    code.builtinCode, version: code.version, inputs: inputs, outputs: op.outputs, options: options,
                    customCode: code.customCode, customOptions: model.customOptions(of: op).map(Array.init)))
            }
            subgraphAliases.append(alias)
            out.subgraphs.append(TFLiteWriter.Subgraph(
                name: subgraph.name, tensors: tensors, inputs: subgraph.inputs,
                outputs: subgraph.outputs.map(resolve), operators: operators))
        }

        out.buffers = buffers
        out.metadata = model.metadataEntries.map { TFLiteWriter.MetadataEntry(name: $0.name, buffer: $0.buffer) }
        out.signatures = model.signatureDefs.map { signature in
            let alias = subgraphAliases[signature.subgraphIndex]
            func resolve(_ index: Int) -> Int {
                var current = index
                while let next = alias[current] { current = next }
                return current
            }
            return TFLiteWriter.Signature(
                key: signature.key ?? "", subgraphIndex: signature.subgraphIndex,
                inputs: signature.inputs.map { TFLiteWriter.TensorMap(name: $0.name, tensorIndex: $0.tensorIndex) },
                outputs: signature.outputs.map { TFLiteWriter.TensorMap(name: $0.name, tensorIndex: resolve($0.tensorIndex)) })
        }
        return try TFLiteWriter.serialize(out)
    }

    /// Whether the tensor holds quantized values this converter turns into float32.
    static func isQuantizedTensor(_ tensor: TFLiteModel.Tensor) -> Bool {
        guard let q = tensor.quantization, !q.scales.isEmpty else { return false }
        switch tensor.type {
        case .uint8, .int8, .int16, .int4: return true
        case .int32: return tensor.isConstant // biases; int32 activations (indices, shapes) stay
        default: return false
        }
    }

    /// The lowest and highest stored value of a quantized type.
    static func quantizedBounds(_ type: SchemaTensorType) -> (min: Int, max: Int)? {
        switch type {
        case .uint8: return (0, 255)
        case .int8: return (-128, 127)
        case .int16: return (-32768, 32767)
        default: return nil
        }
    }

    /// The activation an output range implies: [0, 6] → `RELU6`, [0, x] → `RELU`, otherwise nil.
    static func restoredActivation(for tensor: TFLiteModel.Tensor) -> ActivationFunction? {
        guard let q = tensor.quantization, q.scales.count == 1, let scale = q.scale, scale > 0,
              let zeroPoint = q.zeroPoint, let bounds = quantizedBounds(tensor.type) else { return nil }
        guard zeroPoint == Int64(bounds.min) else { return nil }
        let top = scale * Float(Int64(bounds.max) - zeroPoint)
        return abs(top - 6) <= scale ? .relu6 : .relu
    }

    /// The float32 bytes of a quantized constant.
    static func dequantizedData(_ tensor: TFLiteModel.Tensor, in model: TFLiteModel) throws -> [UInt8] {
        guard let q = tensor.quantization else { return [] }
        guard !tensor.isSparse else {
            throw ModelWriterError.unsupportedQuantization(tensor: tensor.index, reason: "sparse constants are not supported")
        }
        guard tensor.type != .int4 else {
            throw ModelWriterError.unsupportedQuantization(tensor: tensor.index, reason: "int4 constants are not supported")
        }
        guard let raw = model.constantData(of: tensor), let width = tensor.type.byteSize,
              raw.count == width * tensor.elementCount else {
            throw ModelWriterError.unsupportedQuantization(tensor: tensor.index, reason: "its data does not match its shape")
        }
        let count = tensor.elementCount
        var channelOf: (Int) -> Int = { _ in 0 }
        if q.scales.count > 1 {
            let axis = q.quantizedDimension
            guard axis >= 0, axis < tensor.shape.count, tensor.shape[axis] == q.scales.count,
                  q.zeroPoints.count == q.scales.count else {
                throw ModelWriterError.unsupportedQuantization(
                    tensor: tensor.index,
                    reason: "\(q.scales.count) scales do not match dimension \(axis) of shape \(tensor.shape)")
            }
            let stride = tensor.shape[(axis + 1)...].reduce(1, *)
            let channels = q.scales.count
            channelOf = { ($0 / stride) % channels }
        }
        let scales = q.scales
        let zeroPoints = q.zeroPoints.isEmpty ? [Int64](repeating: 0, count: scales.count) : q.zeroPoints
        // Zero points come from the file; outside 32 bits the subtraction below could overflow.
        if let bad = zeroPoints.first(where: { Int32(exactly: $0) == nil }) {
            throw ModelWriterError.unsupportedQuantization(tensor: tensor.index, reason: "zero point \(bad) is outside the 32-bit range")
        }
        let base = raw.startIndex
        var values = [Float](repeating: 0, count: count)
        for i in 0 ..< count {
            let p = base + i * width
            let stored: Int64
            switch tensor.type {
            case .uint8: stored = Int64(raw[p])
            case .int8: stored = Int64(Int8(bitPattern: raw[p]))
            case .int16: stored = Int64(Int16(bitPattern: UInt16(raw[p]) | UInt16(raw[p + 1]) << 8))
            default: // int32
                let bits = UInt32(raw[p]) | UInt32(raw[p + 1]) << 8 | UInt32(raw[p + 2]) << 16 | UInt32(raw[p + 3]) << 24
                stored = Int64(Int32(bitPattern: bits))
            }
            let c = channelOf(i)
            values[i] = scales[c] * Float(stored - zeroPoints[c])
        }
        return Bytes.little(values)
    }
}
