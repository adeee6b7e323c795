import Foundation
import LiteRT
import ModelFormat
import Results

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
        let byOperatorType = groups(nodeEntries.map { ($0.operatorType ?? $0.name, $0.placement, $0.count, $0.totalMs) })
        let byKernel = groups(operators.map { ($0.name, $0.placement, $0.count, $0.totalMs) })
        let runtimeScopes = groups(events.filter { $0.type == .runtimeScope }.map { ($0.tag, nil, 1, Double($0.elapsedMicroseconds) / 1000) })

        let invokeMs = invokes.isEmpty ? nil : invokes.reduce(0) { $0 + Double($1.elapsedMicroseconds) / 1000 } / Double(invokes.count)
        let delegated = operators.contains { $0.operatorType == nil }
        let mapping = nodeEntries.isEmpty ? "kernels" : (delegated ? "mixed" : "nodes")
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
        self.init(runs: runs, runMs: runMs, invokeMs: invokeMs, operatorsMs: operatorsMs, outsideOperatorsMs: runMs - operatorsMs,
                  mapping: mapping, operators: operators, byOperatorType: byOperatorType, byKernel: byKernel,
                  runtimeScopes: runtimeScopes, notes: notes)
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
