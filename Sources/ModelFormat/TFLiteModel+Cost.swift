/// The compute and parameter cost of one operator.
public struct OperatorCost: Sendable, Equatable, Codable {
    /// The operator's index in its subgraph.
    public let index: Int
    /// `"CONV_2D"`, `"CUSTOM(name)"` …
    public let opcode: String
    /// Multiply-accumulates per inference (see `TFLiteModel.cost(subgraph:)` for the formulas).
    public let macs: Int
    /// Bytes of constant inputs first used by this operator (weights, biases, constant shapes).
    public let parameterBytes: Int
    /// Elements of those constant inputs.
    public let parameterCount: Int
}

/// The cost of a subgraph: per-operator figures, totals and an activation-memory estimate.
public struct ModelCost: Sendable, Equatable {
    public let operators: [OperatorCost]
    /// Sum of `macs`.
    public let macsTotal: Int
    /// Bytes of all constant tensors the operators read, each counted once.
    public let parameterBytesTotal: Int
    /// Elements of all constant tensors the operators read, each counted once.
    public let parameterCountTotal: Int
    /// The largest sum of live activation bytes at any step (see `TFLiteModel.cost(subgraph:)`).
    public let peakActivationBytes: Int
}

extension TFLiteModel {
    /// Estimates the cost of a subgraph from its shapes alone.
    ///
    /// MACs per operator (N = batch, outputs counted over all their elements):
    /// - `CONV_2D`: output elements × k_h × k_w × filter input channels (= in_c / groups).
    /// - `DEPTHWISE_CONV_2D`: output elements × k_h × k_w.
    /// - `CONV_3D`: output elements × k_d × k_h × k_w × in_c.
    /// - `FULLY_CONNECTED`: output elements (batch × units) × input features.
    /// - `TRANSPOSE_CONV`: input elements × k_h × k_w × out_c (each input value is scattered over the kernel).
    /// - `BATCH_MATMUL`: output elements × the shared (last) dimension of the left operand.
    /// - `LSTM`, `UNIDIRECTIONAL_SEQUENCE_LSTM`, `*_RNN`, `SVDF`: time steps × batch × elements of the 2-D
    ///   constant weight matrices.
    /// - Every other operator (element-wise, pooling, reshapes, custom operators such as a compiled Edge TPU
    ///   graph): 0. Published MAC figures (e.g. MobileNet's) count only the operators above.
    ///
    /// Peak activation memory: greedy liveness over the operator order. A non-constant tensor becomes live when
    /// its producer runs (graph inputs before the first operator), stays live through its last consumer (graph
    /// outputs and variables to the end), and the peak is the largest sum of live tensor bytes at any step,
    /// with no in-place reuse.
    /// - Parameter subgraph: The subgraph index (0, the main one, by default; out-of-range gives an empty cost).
    /// - Returns: Per-operator and total figures.
    public func cost(subgraph index: Int = 0) -> ModelCost {
        guard let graph = subgraphs[safe: index] else {
            return ModelCost(operators: [], macsTotal: 0, parameterBytesTotal: 0, parameterCountTotal: 0, peakActivationBytes: 0)
        }
        var seen = Set<Int>()
        var costs: [OperatorCost] = []
        var macsTotal = 0, bytesTotal = 0, countTotal = 0
        for op in graph.operators {
            var bytes = 0, count = 0
            for input in op.inputs where input >= 0 {
                let tensor = graph.tensors[input]
                guard tensor.isConstant, seen.insert(input).inserted else { continue }
                bytes = Saturating.add(bytes, buffers[safe: tensor.buffer]?.count ?? 0)
                count = Saturating.add(count, tensor.elementCount)
            }
            let code = operatorCodes[safe: op.opcodeIndex]?.builtinCode ?? .custom
            let macs = Self.macs(of: op, code: code, in: graph)
            costs.append(OperatorCost(index: op.index, opcode: opcodeName(for: op), macs: macs,
                                      parameterBytes: bytes, parameterCount: count))
            macsTotal = Saturating.add(macsTotal, macs)
            bytesTotal = Saturating.add(bytesTotal, bytes)
            countTotal = Saturating.add(countTotal, count)
        }
        return ModelCost(operators: costs, macsTotal: macsTotal, parameterBytesTotal: bytesTotal,
                         parameterCountTotal: countTotal, peakActivationBytes: Self.peakActivationBytes(graph))
    }

    private static func macs(of op: Operator, code: BuiltinOperator, in graph: Subgraph) -> Int {
        func tensor(_ slot: Int) -> Tensor? {
            guard let index = op.inputs[safe: slot], index >= 0 else { return nil }
            return graph.tensors[index]
        }
        func output() -> Tensor? {
            guard let index = op.outputs.first, index >= 0 else { return nil }
            return graph.tensors[index]
        }
        func product(_ values: [Int]) -> Int { values.reduce(1, Saturating.multiply) }
        switch code.rawValue {
        case BuiltinOperator.conv2D.rawValue:
            guard let filter = tensor(1), filter.shape.count == 4, let out = output() else { return 0 }
            return product([out.elementCount, filter.shape[1], filter.shape[2], filter.shape[3]])
        case BuiltinOperator.depthwiseConv2D.rawValue:
            guard let filter = tensor(1), filter.shape.count == 4, let out = output() else { return 0 }
            return product([out.elementCount, filter.shape[1], filter.shape[2]])
        case BuiltinOperator.conv3D.rawValue:
            guard let filter = tensor(1), filter.shape.count == 5, let out = output() else { return 0 }
            return product([out.elementCount, filter.shape[0], filter.shape[1], filter.shape[2], filter.shape[3]])
        case BuiltinOperator.fullyConnected.rawValue:
            guard let weights = tensor(1), let features = weights.shape.last, let out = output() else { return 0 }
            return product([out.elementCount, features])
        case BuiltinOperator.transposeConv.rawValue:
            guard let weights = tensor(1), weights.shape.count == 4, let input = tensor(2) else { return 0 }
            return product([input.elementCount, weights.shape[0], weights.shape[1], weights.shape[2]])
        case BuiltinOperator.batchMatMul.rawValue:
            guard let lhs = tensor(0), let k = lhs.shape.last, let out = output() else { return 0 }
            return product([out.elementCount, k])
        case BuiltinOperator.lstm.rawValue, BuiltinOperator.unidirectionalSequenceLSTM.rawValue,
             24 /* RNN */, 27 /* SVDF */, 35 /* UNIDIRECTIONAL_SEQUENCE_RNN */,
             46 /* BIDIRECTIONAL_SEQUENCE_RNN */, 52 /* BIDIRECTIONAL_SEQUENCE_LSTM */:
            guard let input = tensor(0), let features = input.shape.last, features > 0 else { return 0 }
            let steps = input.elementCount / features
            let weights = op.inputs.dropFirst().compactMap { $0 >= 0 ? graph.tensors[$0] : nil }
                .filter { $0.isConstant && $0.shape.count == 2 }
                .reduce(0) { Saturating.add($0, $1.elementCount) }
            return Saturating.multiply(steps, weights)
        default:
            return 0
        }
    }

    private static func peakActivationBytes(_ graph: Subgraph) -> Int {
        let opCount = graph.operators.count
        var first = [Int?](repeating: nil, count: graph.tensors.count)
        var last = [Int](repeating: -1, count: graph.tensors.count)
        for input in graph.inputs { first[input] = -1 }
        for tensor in graph.tensors where tensor.isVariable { first[tensor.index] = -1; last[tensor.index] = opCount }
        for op in graph.operators {
            for output in op.outputs where output >= 0 && first[output] == nil { first[output] = op.index }
            for input in op.inputs where input >= 0 { last[input] = max(last[input], op.index) }
        }
        for output in graph.outputs { last[output] = opCount }
        // delta[step + 1] for steps -1 ... opCount
        var delta = [Int](repeating: 0, count: opCount + 3)
        for tensor in graph.tensors where !tensor.isConstant {
            guard let start = first[tensor.index] else { continue }
            let end = max(start, last[tensor.index])
            let bytes = tensor.byteCount ?? 0
            delta[start + 1] = Saturating.add(delta[start + 1], bytes)
            delta[end + 2] = Saturating.add(delta[end + 2], -bytes)
        }
        var live = 0, peak = 0
        for step in 0 ..< delta.count {
            live = Saturating.add(live, delta[step])
            peak = max(peak, live)
        }
        return peak
    }
}

/// Saturating arithmetic for cost estimates (never traps, clamps at the Int range).
enum Saturating {
    static func add(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? (b > 0 ? Int.max : Int.min) : r
    }

    static func multiply(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? ((a < 0) != (b < 0) ? Int.min : Int.max) : r
    }
}
