import Foundation

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

    /// `dir/X.tflite` for `dir/X_edgetpu.tflite`; nil for other names.
    public static func twinPath(of path: String) -> String? {
        let suffix = "_edgetpu.tflite"
        guard path.hasSuffix(suffix) else { return nil }
        return String(path.dropLast(suffix.count)) + ".tflite"
    }
}

/// The Edge TPU runtime's clock: libedgetpu1-max (500 MHz) or libedgetpu1-std (250 MHz).
public enum EdgeTPUClock: String, Sendable, Codable, CaseIterable {
    case max, std
    /// Core clock in MHz (Coral's documentation and libedgetpu's sources).
    public var megahertz: Double { self == .max ? 500 : 250 }
}

/// How the Edge TPU is attached.
public enum EdgeTPULink: String, Sendable, Codable, CaseIterable {
    /// USB Accelerator on USB 3.x (5 Gb/s).
    case usb3
    /// USB Accelerator on a USB 2.0 port (480 Mb/s).
    case usb2
    /// PCIe Gen2 ×1: M.2 / mini-PCIe cards and the Dev Board's SoM.
    case pcie

    /// Effective bulk bandwidth in MB/s from the link's physics (line rate, encoding, protocol overhead): the
    /// prior of the calibration, and the only source for the uncalibrated USB 2 figure.
    public var physicalMegabytesPerSecond: Double {
        switch self {
        case .usb3: return 400 // 5 Gb/s, 8b/10b → 500 MB/s, ~80% after bulk-transfer protocol overhead
        case .usb2: return 35 // 480 Mb/s → 60 MB/s raw, ~35 MB/s achieved by bulk transfers in practice
        case .pcie: return 400 // Gen2 ×1: 5 GT/s, 8b/10b → 500 MB/s, ~80% after TLP overhead
        }
    }
}

/// An Edge TPU latency estimate: never a measurement, and labelled as one everywhere it appears.
public struct EdgeTPULatencyEstimate: Sendable, Equatable, Codable {
    /// What bounds the estimate.
    public enum Bound: String, Sendable, Codable {
        case compute, bus
        case fixedCosts = "fixed_costs"
    }

    public struct Breakdown: Sendable, Equatable, Codable {
        public var invokeMilliseconds: Double
        public var layerMilliseconds: Double
        public var computeMilliseconds: Double
        public var transferMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case invokeMilliseconds = "invoke_ms"
            case layerMilliseconds = "per_layer_ms"
            case computeMilliseconds = "compute_ms"
            case transferMilliseconds = "transfer_ms"
        }

        package init(invokeMilliseconds: Double, layerMilliseconds: Double, computeMilliseconds: Double,
                     transferMilliseconds: Double) {
            self.invokeMilliseconds = invokeMilliseconds
            self.layerMilliseconds = layerMilliseconds
            self.computeMilliseconds = computeMilliseconds
            self.transferMilliseconds = transferMilliseconds
        }
    }

    public var clock: EdgeTPUClock
    public var link: EdgeTPULink
    /// The Edge TPU part (plus its transfers), ms.
    public var milliseconds: Double
    public var lowMilliseconds: Double
    public var highMilliseconds: Double
    /// Whether published rows calibrate this clock and link (USB 3 and PCIe at the max clock).
    public var calibrated: Bool
    public var breakdown: Breakdown
    public var bound: Bound
    /// Operators on the CPU, whose time is not part of `milliseconds` ("not timed").
    public var cpuOperatorsNotTimed: [String]

    enum CodingKeys: String, CodingKey {
        case clock, link, calibrated, breakdown, bound
        case milliseconds = "estimate_ms"
        case lowMilliseconds = "low_ms"
        case highMilliseconds = "high_ms"
        case cpuOperatorsNotTimed = "cpu_operators_not_timed"
    }

    package init(clock: EdgeTPUClock, link: EdgeTPULink, milliseconds: Double, lowMilliseconds: Double,
                 highMilliseconds: Double, calibrated: Bool, breakdown: Breakdown, bound: Bound, cpuOperatorsNotTimed: [String]) {
        self.clock = clock
        self.link = link
        self.milliseconds = milliseconds
        self.lowMilliseconds = lowMilliseconds
        self.highMilliseconds = highMilliseconds
        self.calibrated = calibrated
        self.breakdown = breakdown
        self.bound = bound
        self.cpuOperatorsNotTimed = cpuOperatorsNotTimed
    }
}

/// The CPU-fallback operators of a model, timed for real on this host: a model of only those operators
/// (`TFLiteModel.cpuPartModel`) runs with LiteRT's builtin kernels, one thread, on zero-filled inputs.
public struct CPUPartTiming: Sendable, Equatable, Codable {
    /// Median of the timed runs, ms (nil when not timed).
    public var milliseconds: Double?
    public var minimumMilliseconds: Double?
    public var runs: Int
    /// How it was timed, or why it was not ("not timed: …").
    public var note: String

    enum CodingKeys: String, CodingKey {
        case milliseconds = "median_ms"
        case minimumMilliseconds = "min_ms"
        case runs, note
    }

    public static func notTimed(_ reason: String) -> CPUPartTiming {
        CPUPartTiming(milliseconds: nil, minimumMilliseconds: nil, runs: 0, note: "not timed: " + reason)
    }

    package init(milliseconds: Double?, minimumMilliseconds: Double?, runs: Int, note: String) {
        self.milliseconds = milliseconds
        self.minimumMilliseconds = minimumMilliseconds
        self.runs = runs
        self.note = note
    }
}
