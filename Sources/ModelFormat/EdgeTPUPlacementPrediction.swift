/// What the Edge TPU compiler is predicted to do with an uncompiled model: which operators it maps, which it
/// leaves on the CPU and why, and how much of the parameter data it caches on the chip.
///
/// The rules follow Coral's documentation (supported operations and their limitations) and what the compiler
/// did to the fixture pairs (`X.tflite` → `X_edgetpu.tflite`, compiler builds with runtime versions 12–14):
/// - an operator maps when its type is supported, its tensors are 8-bit with static shapes, its per-operator
///   limitations hold, and none of its inputs depends on an operator that runs on the CPU *after* the Edge TPU
///   part (one Edge TPU subgraph cannot both feed and wait for a CPU operator);
/// - CPU operators before the Edge TPU part (MoveNet's CAST and float QUANTIZE) do not stop later operators from
///   mapping, and independent branches after a CPU operator still map (MoveNet's heads, DeepLab's ASPP 1×1 conv).
public struct EdgeTPUPlacementPrediction: Sendable, Equatable, Codable {
    /// Where an operator is predicted to run.
    public enum Placement: String, Sendable, Codable { case edgetpu, cpu }

    /// The operator families the latency model gives different rates.
    public enum OperatorClass: String, Sendable, Codable {
        case convolution, depthwise
        case fullyConnected = "fully_connected"
        case elementwise
    }

    /// The prediction for one operator.
    public struct Operator: Sendable, Equatable, Codable {
        public let index: Int
        public let opcode: String
        public let placement: Placement
        /// Why it stays on the CPU (nil when it maps).
        public let reason: String?
        public let operatorClass: OperatorClass
        /// Multiply-accumulates per inference (`TFLiteModel.cost`).
        public let macs: Int
        /// Predicted bytes this operator occupies in the Edge TPU's parameter memory (0 on the CPU).
        public let parameterBytes: Int
        /// Whether those bytes are streamed every inference because the cache was full when the compiler got here.
        public let streamed: Bool

        enum CodingKeys: String, CodingKey {
            case index, opcode, placement, reason, macs, streamed
            case operatorClass = "class"
            case parameterBytes = "parameter_bytes"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(opcode, forKey: .opcode)
            try c.encode(placement, forKey: .placement)
            try c.encode(reason, forKey: .reason) // null when it maps
            try c.encode(operatorClass, forKey: .operatorClass)
            try c.encode(macs, forKey: .macs)
            try c.encode(parameterBytes, forKey: .parameterBytes)
            try c.encode(streamed, forKey: .streamed)
        }
    }

    /// Parameter memory the compiler fills before it streams (of about 8 MiB on the chip).
    public static let usableCacheBytes = 7 << 20
    /// Bytes the compiler adds per output channel of a weighted layer (bias, requantization scale and shift),
    /// learned from the fixture pairs (least squares over the six pairs above 400 KiB; see the README).
    public static let overheadBytesPerOutputChannel = 25
    /// Bytes the compiler adds per weighted layer (instructions and layer descriptors), learned the same way.
    public static let overheadBytesPerLayer = 450

    public let operators: [Operator]
    /// Predicted number of `edgetpu-custom-op` operators (0 when nothing maps).
    public let subgraphs: Int
    public let cachedParameterBytes: Int
    public let streamedParameterBytes: Int
    /// Why nothing maps, when nothing does (a float model, only unsupported operators …).
    public let nothingMapsReason: String?

    public var mappedOperatorCount: Int { operators.filter { $0.placement == .edgetpu }.count }
    public var cpuOperators: [Operator] { operators.filter { $0.placement == .cpu } }
    public var nothingMaps: Bool { nothingMapsReason != nil }

    enum CodingKeys: String, CodingKey {
        case operators, subgraphs
        case mappedOperatorCount = "mapped_operator_count"
        case cpuOperatorCount = "cpu_operator_count"
        case cachedParameterBytes = "cached_parameter_bytes"
        case streamedParameterBytes = "streamed_parameter_bytes"
        case nothingMapsReason = "nothing_maps_reason"
    }

    public init(operators: [Operator], subgraphs: Int, cachedParameterBytes: Int, streamedParameterBytes: Int,
                nothingMapsReason: String?) {
        self.operators = operators
        self.subgraphs = subgraphs
        self.cachedParameterBytes = cachedParameterBytes
        self.streamedParameterBytes = streamedParameterBytes
        self.nothingMapsReason = nothingMapsReason
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        operators = try c.decode([Operator].self, forKey: .operators)
        subgraphs = try c.decode(Int.self, forKey: .subgraphs)
        cachedParameterBytes = try c.decode(Int.self, forKey: .cachedParameterBytes)
        streamedParameterBytes = try c.decode(Int.self, forKey: .streamedParameterBytes)
        nothingMapsReason = try c.decodeIfPresent(String.self, forKey: .nothingMapsReason)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(subgraphs, forKey: .subgraphs)
        try c.encode(mappedOperatorCount, forKey: .mappedOperatorCount)
        try c.encode(cpuOperators.count, forKey: .cpuOperatorCount)
        try c.encode(cachedParameterBytes, forKey: .cachedParameterBytes)
        try c.encode(streamedParameterBytes, forKey: .streamedParameterBytes)
        try c.encode(nothingMapsReason, forKey: .nothingMapsReason) // null when something maps
        try c.encode(operators, forKey: .operators)
    }
}

extension TFLiteModel {
    /// Predicts the Edge TPU compiler's placement of this (uncompiled) model's main subgraph.
    ///
    /// Parameter bytes of a mapped weighted layer: its 8-bit constant inputs plus
    /// `overheadBytesPerOutputChannel` per output channel (which also covers the int32 bias) plus
    /// `overheadBytesPerLayer`; other mapped operators add their constant inputs as they are. The compiler fills
    /// `usableCacheBytes` in operator order and streams every later layer's parameters.
    /// - Returns: The prediction; a compiled model's `edgetpu-custom-op` operators are reported as CPU operators
    ///   ("already compiled"), so predict on the uncompiled twin.
    public func predictEdgeTPUPlacement() -> EdgeTPUPlacementPrediction {
        let graph = mainSubgraph
        let cost = cost()
        var producer: [Int: Int] = [:]
        for op in graph.operators { for output in op.outputs where output >= 0 { producer[output] = op.index } }

        // cpuAfterEdgeTPU[i]: operator i runs on the CPU and depends on the Edge TPU part (so its dependents must too).
        var mapped = [Bool](repeating: false, count: graph.operators.count)
        var dependsOnEdgeTPU = [Bool](repeating: false, count: graph.operators.count)
        var cpuAfterEdgeTPU = [Bool](repeating: false, count: graph.operators.count)
        var reasons = [String?](repeating: nil, count: graph.operators.count)
        for op in graph.operators {
            let sources = op.inputs.compactMap { $0 >= 0 ? producer[$0] : nil }.filter { $0 < op.index }
            let blocker = sources.first { cpuAfterEdgeTPU[$0] }
            var reason = edgeTPURejection(op, in: graph) ?? edgeTPULimitation(op, in: graph)
            if reason == nil, let blocker {
                reason = "depends on operator \(blocker) (\(opcodeName(for: graph.operators[blocker]))), which runs "
                    + "on the CPU after the Edge TPU part"
            }
            mapped[op.index] = reason == nil
            reasons[op.index] = reason
            dependsOnEdgeTPU[op.index] = sources.contains { mapped[$0] || dependsOnEdgeTPU[$0] }
            cpuAfterEdgeTPU[op.index] = !mapped[op.index] && dependsOnEdgeTPU[op.index]
        }

        var operators: [EdgeTPUPlacementPrediction.Operator] = []
        var cached = 0, streamed = 0
        var seen = Set<Int>()
        for op in graph.operators {
            let operatorClass = Self.edgeTPUOperatorClass(op, codes: operatorCodes)
            var bytes = 0
            if mapped[op.index] {
                bytes = edgeTPUParameterBytes(op, in: graph, class: operatorClass, seen: &seen)
            }
            // Operator order: once a layer no longer fits, it and every later one are streamed.
            let isStreamed = bytes > 0 && (streamed > 0 || Saturating.add(cached, bytes) > EdgeTPUPlacementPrediction.usableCacheBytes)
            if isStreamed { streamed = Saturating.add(streamed, bytes) } else { cached = Saturating.add(cached, bytes) }
            operators.append(.init(index: op.index, opcode: opcodeName(for: op),
                                   placement: mapped[op.index] ? .edgetpu : .cpu, reason: reasons[op.index],
                                   operatorClass: operatorClass, macs: cost.operators[safe: op.index]?.macs ?? 0,
                                   parameterBytes: bytes, streamed: isStreamed))
        }
        let anyMapped = mapped.contains(true)
        return EdgeTPUPlacementPrediction(
            operators: operators, subgraphs: anyMapped ? 1 : 0, cachedParameterBytes: cached,
            streamedParameterBytes: streamed, nothingMapsReason: anyMapped ? nil : nothingMapsReason(reasons))
    }

    /// One sentence for a model where nothing maps: the most common reason, with how many operators share it.
    private func nothingMapsReason(_ reasons: [String?]) -> String {
        guard !reasons.isEmpty else { return "the model has no operators" }
        if isEdgeTPUCompiled { return "the model is already compiled for the Edge TPU; predict on its uncompiled twin" }
        let notQuantized = reasons.filter { $0?.contains("not uint8/int8") == true || $0?.contains("not 8-bit") == true }.count
        if notQuantized * 2 >= reasons.count {
            return "the model is not fully 8-bit quantized (\(notQuantized) of \(reasons.count) operators have "
                + "float or other non-8-bit tensors); the Edge TPU runs only uint8/int8 models: quantize it fully first"
        }
        return "no operator can map; the first: " + (reasons.compactMap { $0 }.first ?? "unknown")
    }

    static func edgeTPUOperatorClass(_ op: Operator, codes: [OperatorCode]) -> EdgeTPUPlacementPrediction.OperatorClass {
        switch codes[safe: op.opcodeIndex]?.builtinCode.rawValue {
        case BuiltinOperator.conv2D.rawValue, BuiltinOperator.transposeConv.rawValue: return .convolution
        case BuiltinOperator.depthwiseConv2D.rawValue: return .depthwise
        case BuiltinOperator.fullyConnected.rawValue, BuiltinOperator.unidirectionalSequenceLSTM.rawValue,
             BuiltinOperator.lstm.rawValue:
            return .fullyConnected
        default: return .elementwise
        }
    }

    /// Documented per-operator limitations the type and tensor checks do not cover.
    func edgeTPULimitation(_ op: Operator, in graph: Subgraph) -> String? {
        guard operatorCodes[safe: op.opcodeIndex]?.builtinCode.rawValue == 23 /* RESIZE_BILINEAR */ else { return nil }
        // Coral: RESIZE_BILINEAR may stay on the CPU "to avoid loss in precision", depending on the sizes. On the
        // pairs the compiler mapped integer scale factors (MoveNet's 2× upsamplings) and refused DeepLab's
        // 1×1 → 33×33 with align_corners, where the scale (out−1)/(in−1) is undefined.
        guard let input = op.inputs.first.flatMap({ graph.tensors[safe: $0] }), input.shape.count == 4,
              let output = op.outputs.first.flatMap({ graph.tensors[safe: $0] }), output.shape.count == 4 else {
            return "RESIZE_BILINEAR needs 4-D input and output tensors"
        }
        let alignCorners: Bool
        if case .bool(let value)? = (try? builtinOptions(of: op))?.fields[2] { alignCorners = value } else { alignCorners = false }
        for axis in [1, 2] {
            let from = input.shape[axis], to = output.shape[axis]
            let integral = alignCorners ? (from > 1 && (to - 1) % (from - 1) == 0) : (from > 0 && to % from == 0)
            if !integral {
                return "RESIZE_BILINEAR \(input.shape[1])×\(input.shape[2]) → \(output.shape[1])×\(output.shape[2])"
                    + (alignCorners ? " with align_corners" : "") + " is not an integer scale; the compiler keeps "
                    + "it on the CPU to avoid loss of precision"
            }
        }
        return nil
    }

    private func edgeTPUParameterBytes(_ op: Operator, in graph: Subgraph,
                                       class operatorClass: EdgeTPUPlacementPrediction.OperatorClass,
                                       seen: inout Set<Int>) -> Int {
        var bytes = 0
        let weighted = operatorClass != .elementwise
        for input in op.inputs where input >= 0 {
            let tensor = graph.tensors[input]
            guard tensor.isConstant, seen.insert(input).inserted else { continue }
            // A weighted layer's int32 bias is part of the per-channel overhead.
            if weighted && tensor.type == .int32 { continue }
            bytes = Saturating.add(bytes, buffers[safe: tensor.buffer]?.count ?? 0)
        }
        guard weighted else { return bytes }
        let channels = op.outputs.first.flatMap { graph.tensors[safe: $0]?.shape.last } ?? 0
        return Saturating.add(bytes, Saturating.add(
            Saturating.multiply(channels, EdgeTPUPlacementPrediction.overheadBytesPerOutputChannel),
            EdgeTPUPlacementPrediction.overheadBytesPerLayer))
    }
}
