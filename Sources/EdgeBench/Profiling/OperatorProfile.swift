import Foundation
import LiteRT
import ModelFormat

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

extension OperatorProfile {
    /// Builds the profile of `runs` profiled runs from their events.
    ///
    /// Operator events (types 2 and 8) are keyed per run: a graph-node event by (subgraph, node index), a
    /// delegate event by its position among the delegate events of its run (XNNPACK numbers operators per
    /// partition, so its `meta1` is not unique). Runs are told apart by TFLite's `Invoke` scopes, in the
    /// order the runtime recorded the events (delegate events have no start time); telemetry
    /// (type 32) and instrumentation (16) events are ignored.
    /// - Parameters:
    ///   - events: Everything the profiler recorded over the runs.
    ///   - runs: How many runs the events cover.
    ///   - wallMs: Wall-clock time of each run.
    ///   - model: The reader's view of the model, to name graph nodes.
    ///   - backend: The configuration's backend: delegate events are XNNPACK on the CPU, dispatches on the GPU.
    public init(events: [ProfilerEvent], runs: Int, wallMs: [Double], model: TFLiteModel, backend: Backend) {
        let runs = max(runs, 1)
        let runMs = wallMs.isEmpty ? 0 : wallMs.reduce(0, +) / Double(wallMs.count)
        let invokes = events.filter { $0.type == .runtimeScope && $0.tag == "Invoke" }
        enum Key: Hashable { case node(subgraph: Int, index: Int), delegate(position: Int, tag: String) }
        var order: [Key] = []
        var entries: [Key: Entry] = [:]
        // Delegate events carry no start time (0): runs are told apart by buffer order, where each run's
        // `Invoke` scope comes before its operators.
        var delegatePosition = 0
        for event in events {
            if event.type == .runtimeScope && event.tag == "Invoke" { delegatePosition = 0; continue }
            guard event.type == .operatorInvoke || event.type == .delegateOperatorInvoke else { continue }
            let milliseconds = Double(event.elapsedMicroseconds) / 1000
            let key: Key
            var entry: Entry
            if event.type == .operatorInvoke {
                let subgraph = Int(clamping: event.meta2), node = Int(clamping: event.meta1)
                key = .node(subgraph: subgraph, index: node)
                let opcode = Self.operatorType(model: model, subgraph: subgraph, node: node)
                let placement: OperatorPlacement
                if let opcode {
                    placement = opcode.contains("edgetpu-custom-op") ? .edgetpu : .cpu
                } else {
                    // A node the file does not have: LiteRT appends one per delegate kernel (libedgetpu's
                    // replaces the edgetpu-custom-op node), so it ran on the configuration's accelerator.
                    placement = backend == .edgetpu ? .edgetpu : (backend == .gpu ? .gpu : .cpu)
                }
                entry = entries[key] ?? Entry(name: event.tag, placement: placement, node: node, subgraph: subgraph, operatorType: opcode,
                                              count: 0, meanMs: 0, totalMs: 0, share: 0)
            } else {
                key = .delegate(position: delegatePosition, tag: event.tag)
                delegatePosition += 1
                entry = entries[key] ?? Entry(name: event.tag, placement: backend == .gpu ? .gpu : .xnnpack, node: nil, subgraph: nil,
                                              operatorType: nil, count: 0, meanMs: 0, totalMs: 0, share: 0)
            }
            if entries[key] == nil { order.append(key) }
            entry.count += 1
            entry.totalMs += milliseconds
            entries[key] = entry
        }
        var operators = order.compactMap { entries[$0] }
        for index in operators.indices {
            operators[index].meanMs = operators[index].totalMs / Double(max(operators[index].count, 1))
            operators[index].share = runMs > 0 ? operators[index].totalMs / Double(runs) / runMs : 0
        }
        let operatorsMs = operators.reduce(0) { $0 + $1.totalMs } / Double(runs)

        func groups(_ items: [(name: String, placement: OperatorPlacement?, count: Int, totalMs: Double)]) -> [Group] {
            var merged: [String: Group] = [:]
            var names: [String] = []
            for item in items {
                let id = (item.placement?.rawValue ?? "") + "\u{0}" + item.name
                var group = merged[id] ?? Group(name: item.name, placement: item.placement, count: 0, perRunMs: 0, totalMs: 0, share: 0)
                if merged[id] == nil { names.append(id) }
                group.count += item.count
                group.totalMs += item.totalMs
                merged[id] = group
            }
            return names.compactMap { merged[$0] }.map { group in
                var group = group
                group.perRunMs = group.totalMs / Double(runs)
                group.share = runMs > 0 ? group.perRunMs / runMs : 0
                return group
            }.sorted { $0.totalMs != $1.totalMs ? $0.totalMs > $1.totalMs : $0.name < $1.name }
        }
        let nodeEntries = operators.filter { $0.operatorType != nil }
        byOperatorType = groups(nodeEntries.map { ($0.operatorType ?? $0.name, $0.placement, $0.count, $0.totalMs) })
        byKernel = groups(operators.map { ($0.name, $0.placement, $0.count, $0.totalMs) })
        runtimeScopes = groups(events.filter { $0.type == .runtimeScope }.map { ($0.tag, nil, 1, Double($0.elapsedMicroseconds) / 1000) })

        self.runs = runs
        self.runMs = runMs
        self.invokeMs = invokes.isEmpty ? nil : invokes.reduce(0) { $0 + Double($1.elapsedMicroseconds) / 1000 } / Double(invokes.count)
        self.operatorsMs = operatorsMs
        self.outsideOperatorsMs = runMs - operatorsMs
        self.operators = operators
        let delegated = operators.contains { $0.operatorType == nil }
        mapping = nodeEntries.isEmpty ? "kernels" : (delegated ? "mixed" : "nodes")
        var notes: [String] = []
        if operators.contains(where: { $0.operatorType == nil && $0.node != nil }) {
            notes.append("some events are delegate kernel nodes that LiteRT added (node index past the file's operators): they ran on the \(backend.rawValue) and stand for the operators the delegate took")
        }
        if operators.contains(where: { $0.node == nil }) {
            notes.append("\(backend == .gpu ? "GPU dispatches" : "XNNPACK kernels") run inside a delegate partition and do not map back to the model's operators: they are listed by kernel name, never guessed onto operator types")
            if backend != .gpu { notes.append("XNNPACK times operators in whole microseconds") }
        }
        if operators.contains(where: { $0.placement == .edgetpu }) {
            notes.append("the Edge TPU part is one event (edgetpu-custom-op); the operators beside it ran on the CPU; Edge TPU profiles are untested on hardware")
        }
        if let dropped = operators.first(where: { $0.count != runs })?.count, dropped != runs {
            notes.append("some operators have \(dropped) events over \(runs) runs: the runtime dropped or added events")
        }
        self.notes = notes
    }

    /// The reader's operator type of a node ("CONV_2D", "CUSTOM(edgetpu-custom-op)"), nil when out of range.
    static func operatorType(model: TFLiteModel, subgraph: Int, node: Int) -> String? {
        guard model.subgraphs.indices.contains(subgraph) else { return nil }
        let operators = model.subgraphs[subgraph].operators
        guard operators.indices.contains(node) else { return nil }
        let opcode = operators[node].opcodeIndex
        guard model.operatorCodes.indices.contains(opcode) else { return nil }
        return model.operatorCodes[opcode].name
    }
}
