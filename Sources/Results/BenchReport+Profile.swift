import Foundation

extension BenchReport {
    /// The memory footprint of one configuration, as benchmark_model reports it, beside the reader's figures.
    ///
    /// Measured from `/proc/self/status` (VmRSS, VmHWM) while the configuration's session opened. Every
    /// configuration of a run shares one process, so the phases are deltas of the process's resident memory
    /// (a later configuration finds the runtime already loaded, and the peak is the process's so far).
    public struct Memory: Sendable, Codable, Equatable {
        public static let methodDescription = "VmRSS deltas per phase and VmHWM from /proc/self/status; configurations share one process, so a delta counts what that phase added to it"

        public var method: String
        /// Resident memory added by loading the runtime (first configuration only) and the model.
        public var loadDeltaBytes: Int?
        /// Added by compiling (delegates prepared, tensors allocated).
        public var compileDeltaBytes: Int?
        /// Added by the first run (lazy allocations, packed weights).
        public var firstRunDeltaBytes: Int?
        public var residentAfterFirstRunBytes: Int?
        /// The process's peak resident memory (VmHWM) after this configuration's first run.
        public var peakResidentBytes: Int?
        /// Constant tensor bytes from edgebench's reader (weights, biases).
        public var parameterBytes: Int
        /// The reader's peak live activation bytes (greedy liveness, no in-place reuse).
        public var peakActivationBytes: Int

        enum CodingKeys: String, CodingKey {
            case method
            case loadDeltaBytes = "load_delta_bytes", compileDeltaBytes = "compile_delta_bytes", firstRunDeltaBytes = "first_run_delta_bytes"
            case residentAfterFirstRunBytes = "resident_after_first_run_bytes", peakResidentBytes = "peak_resident_bytes"
            case parameterBytes = "parameter_bytes", peakActivationBytes = "peak_activation_bytes"
        }

        public init(method: String = Memory.methodDescription, loadDeltaBytes: Int?, compileDeltaBytes: Int?,
                    firstRunDeltaBytes: Int?, residentAfterFirstRunBytes: Int?, peakResidentBytes: Int?,
                    parameterBytes: Int, peakActivationBytes: Int) {
            self.method = method
            self.loadDeltaBytes = loadDeltaBytes
            self.compileDeltaBytes = compileDeltaBytes
            self.firstRunDeltaBytes = firstRunDeltaBytes
            self.residentAfterFirstRunBytes = residentAfterFirstRunBytes
            self.peakResidentBytes = peakResidentBytes
            self.parameterBytes = parameterBytes
            self.peakActivationBytes = peakActivationBytes
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(method, forKey: .method)
            try container.encode(loadDeltaBytes, forKey: .loadDeltaBytes)
            try container.encode(compileDeltaBytes, forKey: .compileDeltaBytes)
            try container.encode(firstRunDeltaBytes, forKey: .firstRunDeltaBytes)
            try container.encode(residentAfterFirstRunBytes, forKey: .residentAfterFirstRunBytes)
            try container.encode(peakResidentBytes, forKey: .peakResidentBytes)
            try container.encode(parameterBytes, forKey: .parameterBytes)
            try container.encode(peakActivationBytes, forKey: .peakActivationBytes)
        }
    }

    /// Which operators got faster or slower against the baseline's profile.
    ///
    /// By TFLite operator type when both profiles' events are graph nodes (builtin kernels), by kernel name
    /// when both ran in a delegate (XNNPACK: `Convolution (NHWC, QU8) IGEMM` vs `… F32 …`); never mixed: a
    /// baseline of nodes against a candidate of kernels gives no rows and says why.
    public struct ProfileDiff: Sendable, Codable, Equatable {
        /// "operator_type" or "kernel"; nil when the two profiles cannot be compared.
        public var basis: String?
        /// Rows sorted by the size of the difference, largest first.
        public var rows: [Row]
        public var note: String?

        public struct Row: Sendable, Codable, Equatable {
            public var name: String
            /// Time per run in the baseline and in this configuration (0 when absent there).
            public var baselineMs: Double
            public var candidateMs: Double
            public var deltaMs: Double
            /// candidate / baseline; nil when the baseline has none.
            public var ratio: Double?

            enum CodingKeys: String, CodingKey {
                case name, ratio
                case baselineMs = "baseline_ms", candidateMs = "candidate_ms", deltaMs = "delta_ms"
            }

            public func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(name, forKey: .name)
                try container.encode(baselineMs, forKey: .baselineMs)
                try container.encode(candidateMs, forKey: .candidateMs)
                try container.encode(deltaMs, forKey: .deltaMs)
                try container.encode(ratio, forKey: .ratio)
            }
        }

        public init(baseline: OperatorProfile, candidate: OperatorProfile) {
            let groups: (OperatorProfile) -> [OperatorProfile.Group]
            switch (baseline.mapping, candidate.mapping) {
            case ("nodes", "nodes"):
                basis = "operator_type"
                groups = { $0.byOperatorType }
                note = "by TFLite operator type: every event is a graph node (built-in kernels)"
            case ("nodes", _), (_, "nodes"):
                basis = nil
                groups = { _ in [] }
                note = "not compared: one profile's events are graph nodes (built-in kernels), the other's are delegate kernels, which do not map to operator types"
            default:
                basis = "kernel"
                // Kernel names say where they ran: a CPU-kernel CONV_2D is not an XNNPACK convolution.
                groups = { $0.byKernel.map { group in
                    var group = group
                    if group.placement != .xnnpack && group.placement != nil { group.name = "\(group.name) [\(group.placement!.rawValue)]" }
                    return group
                } }
                note = "by kernel name: XNNPACK's kernels do not map back to the model's operators"
            }
            // Under XNNPACK the same operator has a kernel per data type ("Convolution (NHWC, F32) IGEMM" vs
            // "… QU8 …"): rows pair them by family, and the name shows both types.
            let pairTypes = basis == "kernel"
            var baselineTimes: [String: Double] = [:], candidateTimes: [String: Double] = [:]
            var baselineTypes: [String: String] = [:], candidateTypes: [String: String] = [:]
            var names: [String: String] = [:]
            var keys: [String] = []
            func add(_ group: OperatorProfile.Group, into times: inout [String: Double], types: inout [String: String]) {
                let (key, type) = pairTypes ? Self.kernelFamily(group.name) : (group.name, nil)
                if names[key] == nil { keys.append(key); names[key] = group.name }
                times[key, default: 0] += group.perRunMs
                if let type { types[key] = type }
            }
            for group in groups(baseline) { add(group, into: &baselineTimes, types: &baselineTypes) }
            for group in groups(candidate) { add(group, into: &candidateTimes, types: &candidateTypes) }
            rows = keys.map { key in
                let before = baselineTimes[key] ?? 0, after = candidateTimes[key] ?? 0
                var name = names[key] ?? key
                if let from = baselineTypes[key], let to = candidateTypes[key], from != to { name = Self.kernelName(family: key, types: "\(from) → \(to)") }
                return Row(name: name, baselineMs: before, candidateMs: after, deltaMs: after - before, ratio: before > 0 ? after / before : nil)
            }.sorted { abs($0.deltaMs) != abs($1.deltaMs) ? abs($0.deltaMs) > abs($1.deltaMs) : $0.name < $1.name }
        }

        /// XNNPACK's kernel name without its data type, and the type: "Convolution (NHWC, QU8) IGEMM" gives
        /// ("Convolution (NHWC) IGEMM", "QU8"); a name without "(LAYOUT, TYPE)" is its own family.
        static func kernelFamily(_ name: String) -> (key: String, type: String?) {
            guard let open = name.firstIndex(of: "("), let close = name[open...].firstIndex(of: ")") else { return (name, nil) }
            let parts = name[name.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[1].allSatisfy({ $0.isUppercase || $0.isNumber }) else { return (name, nil) }
            return (String(name[..<open]) + "(" + parts[0] + ")" + String(name[name.index(after: close)...]), parts[1])
        }

        /// A family name with its types put back: ("Convolution (NHWC) IGEMM", "F32 → QU8") → "Convolution (NHWC, F32 → QU8) IGEMM".
        static func kernelName(family: String, types: String) -> String {
            guard let close = family.firstIndex(of: ")") else { return family + " (" + types + ")" }
            return String(family[..<close]) + ", " + types + String(family[close...])
        }

        enum CodingKeys: String, CodingKey { case basis, rows, note }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(basis, forKey: .basis)
            try container.encode(rows, forKey: .rows)
            try container.encode(note, forKey: .note)
        }
    }
}
