import Foundation
import ModelFormat

/// `edgebench estimate`: where the Edge TPU compiler puts each model's operators and how long one inference is
/// estimated to take, without a device. Schema `edgebench.estimate/1`; every figure here is an estimate.
public struct EdgeTPUEstimateReport: Sendable, Equatable, Codable {
    public static let schemaName = "edgebench.estimate/1"

    /// Where the placement figures come from.
    public enum PlacementSource: String, Sendable, Codable {
        /// Predicted from the uncompiled model.
        case predicted
        /// Read from a compiled model's Edge TPU packages (operators from the uncompiled twin beside it).
        case compiledPackage = "compiled_package"
    }

    public struct Entry: Sendable, Equatable, Codable {
        /// The model path as given.
        public var model: String
        public var source: PlacementSource
        /// The uncompiled twin used for a compiled model's operators, when one was found.
        public var twin: String?
        public var operatorCount: Int
        public var mappedOperatorCount: Int
        public var cpuOperators: [String]
        public var subgraphs: Int
        public var cachedParameterBytes: Int
        public var streamedParameterBytes: Int
        /// Why there is no estimate ("nothing maps …", or a compiled model without its twin).
        public var noEstimateReason: String?
        public var estimate: EdgeTPULatencyEstimate?
        /// The CPU-fallback operators timed on this host (nil when there are none or timing was not asked for).
        public var cpuTiming: CPUPartTiming?

        /// Edge TPU part plus the timed CPU operators, when both are known.
        public var totalMilliseconds: Double? {
            guard let e = estimate else { return nil }
            guard !e.cpuOperatorsNotTimed.isEmpty else { return e.milliseconds }
            return cpuTiming?.milliseconds.map { e.milliseconds + $0 }
        }

        enum CodingKeys: String, CodingKey {
            case model, source, twin, subgraphs, estimate
            case cpuTiming = "cpu_timing"
            case totalMilliseconds = "total_ms"
            case operatorCount = "operator_count"
            case mappedOperatorCount = "mapped_operator_count"
            case cpuOperators = "cpu_operators"
            case cachedParameterBytes = "cached_parameter_bytes"
            case streamedParameterBytes = "streamed_parameter_bytes"
            case noEstimateReason = "no_estimate_reason"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(model, forKey: .model)
            try c.encode(source, forKey: .source)
            try c.encode(twin, forKey: .twin) // absent values are null, never omitted
            try c.encode(operatorCount, forKey: .operatorCount)
            try c.encode(mappedOperatorCount, forKey: .mappedOperatorCount)
            try c.encode(cpuOperators, forKey: .cpuOperators)
            try c.encode(subgraphs, forKey: .subgraphs)
            try c.encode(cachedParameterBytes, forKey: .cachedParameterBytes)
            try c.encode(streamedParameterBytes, forKey: .streamedParameterBytes)
            try c.encode(noEstimateReason, forKey: .noEstimateReason)
            try c.encode(estimate, forKey: .estimate)
            try c.encode(cpuTiming, forKey: .cpuTiming)
            try c.encode(totalMilliseconds, forKey: .totalMilliseconds)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            model = try c.decode(String.self, forKey: .model)
            source = try c.decode(PlacementSource.self, forKey: .source)
            twin = try c.decodeIfPresent(String.self, forKey: .twin)
            operatorCount = try c.decode(Int.self, forKey: .operatorCount)
            mappedOperatorCount = try c.decode(Int.self, forKey: .mappedOperatorCount)
            cpuOperators = try c.decode([String].self, forKey: .cpuOperators)
            subgraphs = try c.decode(Int.self, forKey: .subgraphs)
            cachedParameterBytes = try c.decode(Int.self, forKey: .cachedParameterBytes)
            streamedParameterBytes = try c.decode(Int.self, forKey: .streamedParameterBytes)
            noEstimateReason = try c.decodeIfPresent(String.self, forKey: .noEstimateReason)
            estimate = try c.decodeIfPresent(EdgeTPULatencyEstimate.self, forKey: .estimate)
            cpuTiming = try c.decodeIfPresent(CPUPartTiming.self, forKey: .cpuTiming)
        }

        public init(model: String, source: PlacementSource, twin: String?, operatorCount: Int, mappedOperatorCount: Int,
                    cpuOperators: [String], subgraphs: Int, cachedParameterBytes: Int, streamedParameterBytes: Int,
                    noEstimateReason: String?, estimate: EdgeTPULatencyEstimate?, cpuTiming: CPUPartTiming? = nil) {
            self.model = model
            self.source = source
            self.twin = twin
            self.operatorCount = operatorCount
            self.mappedOperatorCount = mappedOperatorCount
            self.cpuOperators = cpuOperators
            self.subgraphs = subgraphs
            self.cachedParameterBytes = cachedParameterBytes
            self.streamedParameterBytes = streamedParameterBytes
            self.noEstimateReason = noEstimateReason
            self.estimate = estimate
            self.cpuTiming = cpuTiming
        }
    }

    public var schema: String = EdgeTPUEstimateReport.schemaName
    /// Always true: says in the document itself that nothing here was measured.
    public var estimated: Bool = true
    public var entries: [Entry]

    enum CodingKeys: String, CodingKey { case schema, estimated, entries = "models" }

    public init(entries: [Entry]) { self.entries = entries }

    /// Estimates one model file.
    /// - Parameters:
    ///   - path: The model as given; a compiled `X_edgetpu.tflite` looks for `X.tflite` beside it.
    ///   - model: The parsed model.
    ///   - readTwin: Reads the twin (so the caller keeps its file checks and limits); nil when it is absent.
    public static func entry(path: String, model: TFLiteModel, clock: EdgeTPUClock, link: EdgeTPULink,
                             latency: EdgeTPULatencyModel = .calibrated,
                             timeCPUPart: ((TFLiteModel, EdgeTPUPlacementPrediction) -> CPUPartTiming)? = nil,
                             readTwin: (String) throws -> TFLiteModel?) throws -> Entry {
        var entry = try untimedEntry(path: path, model: model, clock: clock, link: link, latency: latency, readTwin: readTwin)
        if let timeCPUPart, let estimate = entry.estimate, !estimate.cpuOperatorsNotTimed.isEmpty {
            let source = try entry.twin.flatMap(readTwin) ?? model
            entry.cpuTiming = timeCPUPart(source, source.predictEdgeTPUPlacement())
        }
        return entry
    }

    private static func untimedEntry(path: String, model: TFLiteModel, clock: EdgeTPUClock, link: EdgeTPULink,
                                     latency: EdgeTPULatencyModel,
                                     readTwin: (String) throws -> TFLiteModel?) throws -> Entry {
        let operatorCount = model.mainSubgraph.operators.count
        guard model.isEdgeTPUCompiled else {
            let p = model.predictEdgeTPUPlacement()
            return Entry(model: path, source: .predicted, twin: nil, operatorCount: operatorCount,
                         mappedOperatorCount: p.mappedOperatorCount, cpuOperators: p.cpuOperators.map(\.opcode),
                         subgraphs: p.subgraphs, cachedParameterBytes: p.cachedParameterBytes,
                         streamedParameterBytes: p.streamedParameterBytes,
                         noEstimateReason: p.nothingMapsReason.map { "nothing maps: " + $0 },
                         estimate: p.nothingMaps ? nil : latency.estimate(EdgeTPUWorkload(model: model, prediction: p),
                                                                          clock: clock, link: link))
        }
        guard let package = try model.edgeTPUPlacement() else {
            throw ModelFormatError.badEdgeTPUPackage(reason: "no Edge TPU operator")
        }
        let twinPath = twinPath(of: path)
        let twin = try twinPath.flatMap(readTwin)
        var entry = Entry(model: path, source: .compiledPackage, twin: twin == nil ? nil : twinPath,
                          operatorCount: operatorCount, mappedOperatorCount: 0, cpuOperators: package.cpuOps,
                          subgraphs: package.subgraphs, cachedParameterBytes: package.cachedParameterBytes,
                          streamedParameterBytes: package.streamedParameterBytes, noEstimateReason: nil, estimate: nil)
        guard let twin else {
            entry.noEstimateReason = "a compiled package does not list the operators it runs: put the uncompiled "
                + "model (\((twinPath.map { ($0 as NSString).lastPathComponent }) ?? "X.tflite")) beside it to estimate"
            return entry
        }
        // The twin gives the operators and their MACs; the package's own facts beat the prediction.
        let prediction = twin.predictEdgeTPUPlacement()
        var workload = EdgeTPUWorkload(model: twin, prediction: prediction)
        workload.streamedParameterBytes = package.streamedParameterBytes
        workload.cpuOperators = package.cpuOps
        entry.mappedOperatorCount = twin.mainSubgraph.operators.count - package.cpuOps.count
        entry.estimate = latency.estimate(workload, clock: clock, link: link)
        return entry
    }

    /// `dir/X.tflite` for `dir/X_edgetpu.tflite`; nil for other names.
    public static func twinPath(of path: String) -> String? {
        let suffix = "_edgetpu.tflite"
        guard path.hasSuffix(suffix) else { return nil }
        return String(path.dropLast(suffix.count)) + ".tflite"
    }
}

extension EdgeTPUEstimateReport.Entry {
    /// The `edgetpu (estimated)` row beside measured rows: the estimate, its range, and the verdict against a
    /// measured baseline worded as an estimate. Printed only; never stored or charted as a measurement.
    public func comparisonLines(baselineLabel: String, baselineMilliseconds: Double) -> [String] {
        let name = (model as NSString).lastPathComponent
        guard let e = estimate else {
            return ["edgetpu (estimated) \(name): no estimate: \(noEstimateReason ?? "unknown")"]
        }
        let cpu = (e.cpuOperatorsNotTimed.isEmpty ? 0 : cpuTiming?.milliseconds) ?? 0
        let timed = e.cpuOperatorsNotTimed.isEmpty || cpuTiming?.milliseconds != nil
        let (mid, low, high) = (e.milliseconds + cpu, e.lowMilliseconds + cpu, e.highMilliseconds + cpu)
        let setup = "\(e.link.rawValue), \(e.clock.rawValue) clock" + (e.calibrated ? "" : ", uncalibrated")
        var lines = [String(format: "edgetpu (estimated, %@) %@: ≈ %.2f ms, range %.2f–%.2f ms%@ — not measured",
                            setup, name, mid, low, high,
                            timed ? (cpu > 0 ? String(format: " (incl. %.2f ms of CPU operators measured here)", cpu) : "")
                                  : " (its CPU operators not timed)")]
        let ratio = baselineMilliseconds / mid
        lines.append(ratio >= 1
            ? String(format: "verdict (estimated): ≈ %.1fx faster than %@, range %.1fx–%.1fx", ratio, baselineLabel,
                     baselineMilliseconds / high, baselineMilliseconds / low)
            : String(format: "verdict (estimated): ≈ %.1fx slower than %@, range %.1fx–%.1fx", 1 / ratio, baselineLabel,
                     low / baselineMilliseconds, high / baselineMilliseconds))
        return lines
    }
}
