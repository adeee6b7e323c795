import Foundation

/// Where a profiled operator ran.
public enum OperatorPlacement: String, Sendable, Codable, CaseIterable {
    /// A TFLite built-in CPU kernel (a graph node: builtin kernels, or an op XNNPACK did not take).
    case cpu
    /// An operator inside the XNNPACK delegate (does not map back to a graph node).
    case xnnpack
    /// A dispatch inside the GPU delegate.
    case gpu
    /// The Edge TPU custom operator (one event for the whole compiled subgraph).
    case edgetpu
}

/// A per-operator profile of one configuration: LiteRT's profiler events over a separate profiled pass,
/// grouped per operator, per operator type and per kernel, with the part of the run outside every operator.
///
/// Times are milliseconds per run (averaged over `runs`) unless a name says otherwise. Built from events
/// by `OperatorProfile.init(events:runs:wallMs:model:backend:)`; the pass itself is `OperatorProfiler`.
public struct OperatorProfile: Sendable, Codable, Equatable {
    /// Profiled runs the figures average over (after one untimed warm-up run).
    public var runs: Int
    /// Wall-clock time of one profiled run (mean), the same rule as the latency figures.
    public var runMs: Double
    /// TFLite's `Invoke` scope per run (mean): the interpreter's part of the run; nil when the runtime recorded none.
    public var invokeMs: Double?
    /// Sum of every operator event per run.
    public var operatorsMs: Double
    /// `runMs - operatorsMs`: runtime overhead, buffer registration and sync, time between operators.
    public var outsideOperatorsMs: Double
    /// How the operator events relate to the model's graph: "nodes" (every event is a graph node, mapped by
    /// index to the reader's operators), "kernels" (delegate kernels that do not map to nodes), or "mixed".
    public var mapping: String
    /// One entry per operator event of a run, in run order.
    public var operators: [Entry]
    /// Graph-node events grouped by TFLite operator type (from the reader); delegate events are not in here.
    public var byOperatorType: [Group]
    /// Every operator event grouped by where it ran and its kernel name (the event's tag).
    public var byKernel: [Group]
    /// Runtime scopes per run (Invoke, buffer registration, buffer sync): not operators.
    public var runtimeScopes: [Group]
    public var notes: [String]

    public init(runs: Int, runMs: Double, invokeMs: Double?, operatorsMs: Double, outsideOperatorsMs: Double, mapping: String,
                operators: [Entry], byOperatorType: [Group], byKernel: [Group], runtimeScopes: [Group], notes: [String]) {
        self.runs = runs
        self.runMs = runMs
        self.invokeMs = invokeMs
        self.operatorsMs = operatorsMs
        self.outsideOperatorsMs = outsideOperatorsMs
        self.mapping = mapping
        self.operators = operators
        self.byOperatorType = byOperatorType
        self.byKernel = byKernel
        self.runtimeScopes = runtimeScopes
        self.notes = notes
    }

    public struct Entry: Sendable, Codable, Equatable {
        /// The event's tag: the operator type for graph nodes, the kernel name inside a delegate.
        public var name: String
        public var placement: OperatorPlacement
        /// The runtime's node index (the file's operator index for CPU kernels; past them for a delegate kernel
        /// node such as the Edge TPU's); nil inside delegates.
        public var node: Int?
        public var subgraph: Int?
        /// The node's operator type from edgebench's reader; nil inside delegates and for delegate kernel nodes
        /// LiteRT added (they do not map to the file's operators).
        public var operatorType: String?
        /// Events recorded for this operator (one per run when nothing was dropped).
        public var count: Int
        public var meanMs: Double
        public var totalMs: Double
        /// Share of the run (`totalMs / runs / runMs`).
        public var share: Double

        public init(name: String, placement: OperatorPlacement, node: Int?, subgraph: Int?, operatorType: String?, count: Int,
                    meanMs: Double, totalMs: Double, share: Double) {
            self.name = name
            self.placement = placement
            self.node = node
            self.subgraph = subgraph
            self.operatorType = operatorType
            self.count = count
            self.meanMs = meanMs
            self.totalMs = totalMs
            self.share = share
        }

        enum CodingKeys: String, CodingKey {
            case name, placement, node, subgraph, count, share
            case operatorType = "operator_type", meanMs = "mean_ms", totalMs = "total_ms"
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(placement, forKey: .placement)
            try container.encode(node, forKey: .node)
            try container.encode(subgraph, forKey: .subgraph)
            try container.encode(operatorType, forKey: .operatorType)
            try container.encode(count, forKey: .count)
            try container.encode(meanMs, forKey: .meanMs)
            try container.encode(totalMs, forKey: .totalMs)
            try container.encode(share, forKey: .share)
        }
    }

    public struct Group: Sendable, Codable, Equatable {
        public var name: String
        public var placement: OperatorPlacement?
        /// Events in the group over all runs.
        public var count: Int
        /// Time per run.
        public var perRunMs: Double
        public var totalMs: Double
        public var share: Double

        public init(name: String, placement: OperatorPlacement?, count: Int, perRunMs: Double, totalMs: Double, share: Double) {
            self.name = name
            self.placement = placement
            self.count = count
            self.perRunMs = perRunMs
            self.totalMs = totalMs
            self.share = share
        }

        enum CodingKeys: String, CodingKey {
            case name, placement, count, share
            case perRunMs = "per_run_ms", totalMs = "total_ms"
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(placement, forKey: .placement)
            try container.encode(count, forKey: .count)
            try container.encode(perRunMs, forKey: .perRunMs)
            try container.encode(totalMs, forKey: .totalMs)
            try container.encode(share, forKey: .share)
        }
    }

    enum CodingKeys: String, CodingKey {
        case runs, mapping, operators, notes
        case runMs = "run_ms", invokeMs = "invoke_ms", operatorsMs = "operators_ms", outsideOperatorsMs = "outside_operators_ms"
        case byOperatorType = "by_operator_type", byKernel = "by_kernel", runtimeScopes = "runtime_scopes"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runs, forKey: .runs)
        try container.encode(runMs, forKey: .runMs)
        try container.encode(invokeMs, forKey: .invokeMs)
        try container.encode(operatorsMs, forKey: .operatorsMs)
        try container.encode(outsideOperatorsMs, forKey: .outsideOperatorsMs)
        try container.encode(mapping, forKey: .mapping)
        try container.encode(operators, forKey: .operators)
        try container.encode(byOperatorType, forKey: .byOperatorType)
        try container.encode(byKernel, forKey: .byKernel)
        try container.encode(runtimeScopes, forKey: .runtimeScopes)
        try container.encode(notes, forKey: .notes)
    }
}
