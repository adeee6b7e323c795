/// Where a compiled Edge TPU model runs, read from the file alone.
public struct EdgeTPUPlacement: Sendable, Equatable {
    /// Number of `edgetpu-custom-op` operators (Edge TPU subgraphs) in the main subgraph.
    public let subgraphs: Int
    /// Sum over packages of `EdgeTPUPackage.cachedParameterBytes`.
    public let cachedParameterBytes: Int
    /// Sum over packages of `EdgeTPUPackage.streamedParameterBytes`.
    public let streamedParameterBytes: Int
    /// Names of the operators left on the CPU (every operator that is not an `edgetpu-custom-op`), in order.
    public let cpuOps: [String]
    /// The parameter-caching token of the first package.
    public let cachingToken: UInt64
    /// The compiler version recorded in the first package.
    public let compilerVersion: String?
    /// The largest `min_runtime_version` over the packages, when recorded.
    public let minRuntimeVersion: Int?
    /// The packages, one per Edge TPU operator, in operator order.
    public let packages: [EdgeTPUPackage]
}

/// Whether an uncompiled model could run on the Edge TPU, per Coral's documented requirements.
public struct EdgeTPUCompatibility: Sendable, Equatable, Codable {
    /// The verdict on one operator.
    public struct Verdict: Sendable, Equatable, Codable {
        public let index: Int
        public let opcode: String
        public let supported: Bool
        /// Why the operator cannot map, when it cannot.
        public let reason: String?

        enum CodingKeys: String, CodingKey { case index, opcode, supported, reason }
    }

    /// The size of the Edge TPU's on-chip parameter memory.
    public static let onChipCacheBytes = 8 << 20

    public let operators: [Verdict]
    /// The first operator predicted to stay on the CPU (later ones may still map: see `EdgeTPUPlacementPrediction`).
    public let firstUnsupportedOperator: Int?
    /// Operators the compiler is predicted to map.
    public let mappableOperatorCount: Int
    /// Predicted parameter bytes of the mapped operators (cached plus streamed, with the compiler's overheads).
    public let mappableParameterBytes: Int
    /// Whether those parameters fit in the on-chip memory (otherwise some are streamed each inference).
    public var parametersFitOnChip: Bool { mappableParameterBytes <= Self.onChipCacheBytes }

    /// The per-operator summary of a placement prediction.
    public init(prediction: EdgeTPUPlacementPrediction) {
        operators = prediction.operators.map {
            Verdict(index: $0.index, opcode: $0.opcode, supported: $0.placement == .edgetpu, reason: $0.reason)
        }
        firstUnsupportedOperator = prediction.cpuOperators.first?.index
        mappableOperatorCount = prediction.mappedOperatorCount
        mappableParameterBytes = Saturating.add(prediction.cachedParameterBytes, prediction.streamedParameterBytes)
    }

    enum CodingKeys: String, CodingKey {
        case operators
        case firstUnsupportedOperator = "first_unsupported_operator"
        case mappableOperatorCount = "mappable_operator_count"
        case mappableParameterBytes = "mappable_parameter_bytes"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(operators, forKey: .operators)
        try c.encode(firstUnsupportedOperator, forKey: .firstUnsupportedOperator) // null when everything maps
        try c.encode(mappableOperatorCount, forKey: .mappableOperatorCount)
        try c.encode(mappableParameterBytes, forKey: .mappableParameterBytes)
    }
}

extension TFLiteModel {
    /// The custom code of operators compiled for the Edge TPU.
    public static let edgeTPUCustomCode = "edgetpu-custom-op"

    /// Whether `op` is a compiled Edge TPU subgraph.
    public func isEdgeTPUOperator(_ op: Operator) -> Bool {
        guard let code = operatorCodes[safe: op.opcodeIndex] else { return false }
        return code.builtinCode == .custom && code.customCode == Self.edgeTPUCustomCode
    }

    /// Whether the main subgraph contains at least one `edgetpu-custom-op`.
    public var isEdgeTPUCompiled: Bool { mainSubgraph.operators.contains(where: isEdgeTPUOperator) }

    /// Reads the Edge TPU packages of a compiled model and sums their parameter placement.
    ///
    /// Rule: parameters of `PARAMETER_CACHING` executables (and of a `STAND_ALONE` executable, which the runtime
    /// uploads once when it registers the package) are cached; those of `EXECUTION_ONLY` executables are streamed
    /// with every inference.
    /// - Returns: The placement, or nil when the model has no Edge TPU operator.
    /// - Throws: `ModelFormatError` when a package is malformed.
    public func edgeTPUPlacement() throws -> EdgeTPUPlacement? {
        var packages: [EdgeTPUPackage] = []
        var cpuOps: [String] = []
        for op in mainSubgraph.operators {
            if isEdgeTPUOperator(op) {
                guard let options = customOptions(of: op) else {
                    throw ModelFormatError.badEdgeTPUPackage(reason: "operator \(op.index) has no custom options")
                }
                packages.append(try EdgeTPUPackage(customOptions: options, limits: limits))
            } else {
                cpuOps.append(opcodeName(for: op))
            }
        }
        guard !packages.isEmpty else { return nil }
        return EdgeTPUPlacement(
            subgraphs: packages.count,
            cachedParameterBytes: packages.reduce(0) { Saturating.add($0, $1.cachedParameterBytes) },
            streamedParameterBytes: packages.reduce(0) { Saturating.add($0, $1.streamedParameterBytes) },
            cpuOps: cpuOps, cachingToken: packages[0].cachingToken, compilerVersion: packages[0].compilerVersion,
            minRuntimeVersion: packages.compactMap(\.minRuntimeVersion).max(), packages: packages)
    }

    /// Operators Coral's Edge TPU compiler documents as supported (builtin codes).
    static let edgeTPUSupportedOperators: Set<Int32> = [
        0 /* ADD */, 1 /* AVERAGE_POOL_2D */, 2 /* CONCATENATION */, 3 /* CONV_2D */, 4 /* DEPTHWISE_CONV_2D */,
        9 /* FULLY_CONNECTED */, 11 /* L2_NORMALIZATION */, 14 /* LOGISTIC */, 17 /* MAX_POOL_2D */, 18 /* MUL */,
        19 /* RELU */, 20 /* RELU_N1_TO_1 */, 21 /* RELU6 */, 22 /* RESHAPE */, 23 /* RESIZE_BILINEAR */,
        25 /* SOFTMAX */, 26 /* SPACE_TO_DEPTH */, 28 /* TANH */, 34 /* PAD */, 39 /* TRANSPOSE */, 40 /* MEAN */,
        41 /* SUB */, 43 /* SQUEEZE */, 44 /* UNIDIRECTIONAL_SEQUENCE_LSTM */, 45 /* STRIDED_SLICE */, 49 /* SPLIT */,
        54 /* PRELU */, 55 /* MAXIMUM */, 57 /* MINIMUM */, 65 /* SLICE */, 67 /* TRANSPOSE_CONV */,
        70 /* EXPAND_DIMS */, 74 /* SUM */, 76 /* RSQRT */, 82 /* REDUCE_MAX */, 83 /* PACK */, 89 /* REDUCE_MIN */,
        97 /* RESIZE_NEAREST_NEIGHBOR */, 99 /* SQUARED_DIFFERENCE */, 114 /* QUANTIZE */,
    ]

    /// Checks an uncompiled model against the Edge TPU's documented requirements: a supported operator,
    /// 8-bit (uint8/int8) activations, constant parameters (8-bit, or int32 biases and shapes), static shapes,
    /// activations with at most 3 dimensions larger than 1, all of them innermost, per-operator limitations, and
    /// the operator's position in the graph (see `predictEdgeTPUPlacement()`, which this summarises).
    /// - Returns: The per-operator verdicts and the predicted mapped count.
    public func edgeTPUCompatibility() -> EdgeTPUCompatibility {
        EdgeTPUCompatibility(prediction: predictEdgeTPUPlacement())
    }

    func edgeTPURejection(_ op: Operator, in graph: Subgraph) -> String? {
        guard let code = operatorCodes[safe: op.opcodeIndex]?.builtinCode else { return "unknown operator code" }
        guard Self.edgeTPUSupportedOperators.contains(code.rawValue) else {
            return "\(opcodeName(for: op)) is not in the Edge TPU's supported operations"
        }
        let internalTensors = Set(op.intermediates)
        for index in op.inputs + op.outputs where index >= 0 && !internalTensors.contains(index) {
            let tensor = graph.tensors[index]
            if tensor.isConstant {
                guard tensor.type.isQuantized8Bit || tensor.type == .int32 else {
                    return "constant tensor \(index) (\(tensor.name)) is \(tensor.type), not 8-bit quantized"
                }
                continue
            }
            if tensor.isVariable, tensor.type == .int16 || tensor.type == .int32 { continue } // recurrent state
            guard tensor.type.isQuantized8Bit else {
                return "tensor \(index) (\(tensor.name)) is \(tensor.type), not uint8/int8"
            }
            if tensor.hasDynamicShape {
                return "tensor \(index) (\(tensor.name)) has a dynamic shape \(tensor.shapeSignature ?? [])"
            }
            let outer = tensor.shape.dropLast(3)
            if outer.contains(where: { $0 != 1 }) {
                return "tensor \(index) (\(tensor.name)) has shape \(tensor.shape): only the 3 innermost dimensions may exceed 1"
            }
        }
        return nil
    }
}
