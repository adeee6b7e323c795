import Benchmarking
import Foundation

/// The result of `edgebench bench` / `compare`, in the versioned JSON schema `edgebench.bench/2`.
///
/// Durations are milliseconds (`*_ms`); every result carries its configuration; `environment` is the
/// machine fingerprint. Documented in the README ("Result schema").
public struct BenchReport: Sendable, Codable {
    public static let schemaName = "edgebench.bench/2"
    /// Every schema a reader accepts: /2 added per-configuration `memory`, `profile` and `profile_diff`
    /// (all optional, so a /1 file decodes as it is).
    public static let readableSchemas: Set<String> = ["edgebench.bench/1", "edgebench.bench/2"]

    public var schema: String = BenchReport.schemaName
    public var created: String
    public var environment: MachineFingerprint
    public var settings: Settings
    public var results: [Result]
    /// Traps and caveats found while measuring (more threads slower, high spread, governor…).
    public var warnings: [String]
    /// One sentence comparing each configuration with the baseline (the first), when there are two or more.
    public var verdict: String?
    /// The run's `--tag KEY=VALUE` labels (`{}` when none); nil in files written before they were recorded.
    public var tags: [String: String]? = nil

    public init(created: String, environment: MachineFingerprint, settings: Settings, results: [Result],
                warnings: [String], verdict: String?) {
        self.created = created
        self.environment = environment
        self.settings = settings
        self.results = results
        self.warnings = warnings
        self.verdict = verdict
    }

    public struct Settings: Sendable, Codable {
        public var warmup: Int
        public var runs: Int
        public var minTimeS: Double
        public var maxTimeS: Double?
        public var input: String
        /// What output agreement was checked on: "images: a.jpg,b.bmp", "random" or "zeros".
        public var agreementInput: String
        public var endToEnd: Bool
        public var rounds: Int
        public var stopReason: String
        public var interrupted: Bool
        /// Each image of `input` as given and as an absolute path, for `check` to measure again with the same
        /// files; nil for random or zero input and in files written before it was recorded.
        public var inputPaths: [StoredPath]? = nil

        public init(warmup: Int, runs: Int, minTimeS: Double, maxTimeS: Double?, input: String, agreementInput: String,
                    endToEnd: Bool, rounds: Int, stopReason: String, interrupted: Bool, inputPaths: [StoredPath]? = nil) {
            self.warmup = warmup
            self.runs = runs
            self.minTimeS = minTimeS
            self.maxTimeS = maxTimeS
            self.input = input
            self.agreementInput = agreementInput
            self.endToEnd = endToEnd
            self.rounds = rounds
            self.stopReason = stopReason
            self.interrupted = interrupted
            self.inputPaths = inputPaths
        }

        enum CodingKeys: String, CodingKey {
            case warmup, runs, input, rounds, interrupted, inputPaths = "input_paths"
            case minTimeS = "min_time_s", maxTimeS = "max_time_s", endToEnd = "end_to_end", stopReason = "stop_reason"
            case agreementInput = "agreement_input"
        }
    }

    public struct Latency: Sendable, Codable, Equatable {
        public var min, mean, stddev, p50, p90, p95, p99, max: Double
        /// 95% confidence interval of the median.
        public var p50CI: [Double]

        enum CodingKeys: String, CodingKey {
            case min, mean, stddev, p50, p90, p95, p99, max
            case p50CI = "p50_ci"
        }

        public init(_ statistics: LatencyStatistics) {
            func ms(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e6 }
            min = ms(statistics.minNanoseconds)
            mean = statistics.meanNanoseconds / 1e6
            stddev = statistics.standardDeviationNanoseconds / 1e6
            p50 = ms(statistics.p50Nanoseconds)
            p90 = ms(statistics.p90Nanoseconds)
            p95 = ms(statistics.p95Nanoseconds)
            p99 = ms(statistics.p99Nanoseconds)
            max = ms(statistics.maxNanoseconds)
            p50CI = [ms(statistics.medianCI.lowerBound), ms(statistics.medianCI.upperBound)]
        }
    }

    public struct Phases: Sendable, Codable, Equatable {
        public var runtimeLoadMs: Double
        public var modelLoadMs: Double
        public var compileMs: Double
        public var firstRunMs: Double
        public var warmupMs: Double
        public var warmupRuns: Int
        public var steadyStateMs: Double

        public init(runtimeLoadMs: Double, modelLoadMs: Double, compileMs: Double, firstRunMs: Double, warmupMs: Double,
                    warmupRuns: Int, steadyStateMs: Double) {
            self.runtimeLoadMs = runtimeLoadMs
            self.modelLoadMs = modelLoadMs
            self.compileMs = compileMs
            self.firstRunMs = firstRunMs
            self.warmupMs = warmupMs
            self.warmupRuns = warmupRuns
            self.steadyStateMs = steadyStateMs
        }

        enum CodingKeys: String, CodingKey {
            case runtimeLoadMs = "runtime_load_ms", modelLoadMs = "model_load_ms", compileMs = "compile_ms"
            case firstRunMs = "first_run_ms", warmupMs = "warmup_ms", warmupRuns = "warmup_runs", steadyStateMs = "steady_state_ms"
        }
    }

    public struct Agreement: Sendable, Codable, Equatable {
        /// Inputs on which this configuration's top-1 class equals the baseline's.
        public var top1Agree: Int
        public var inputs: Int
        /// Largest absolute difference of dequantized outputs (nil when the outputs differ in size).
        public var maxAbsDiff: Double?

        public init(top1Agree: Int, inputs: Int, maxAbsDiff: Double?) {
            self.top1Agree = top1Agree
            self.inputs = inputs
            self.maxAbsDiff = maxAbsDiff
        }

        enum CodingKeys: String, CodingKey {
            case inputs
            case top1Agree = "top1_agree", maxAbsDiff = "max_abs_diff"
        }
    }

    public struct Result: Sendable, Codable {
        public var label: String
        public var model: String
        public var modelSHA256: String?
        /// `BenchConfiguration.canonicalText`: every setting that changed what was measured, in a form that parses
        /// back exactly (`BenchConfiguration(canonical:)`); nil in files written before it was recorded.
        public var configuration: String?
        public var backend: String
        public var device: String?
        public var threads: Int
        public var kernels: String
        public var available: Bool
        public var unavailableReason: String?
        public var initMs: Double?
        public var firstRunMs: Double?
        public var phases: Phases?
        public var latencyMs: Latency?
        public var samples: Int
        public var coefficientOfVariation: Double?
        /// Baseline time / this time, from paired rounds (nil for the baseline itself).
        public var speedup: PairedRatio?
        public var agreement: Agreement?
        /// Percentile curve from the HDR histogram: [percentile, ms] pairs.
        public var percentiles: [[Double]]?
        /// "fully accelerated" for GPU/Edge TPU runs when LiteRT says so, else a note.
        public var acceleration: String?
        /// Why the built-in kernels were measured instead of XNNPACK (the automatic fallback), if they were.
        public var kernelFallback: String? = nil
        /// The shape each input was run with, `name=D1,D2,...` (dynamic dimensions resolved).
        public var inputShapes: [String]? = nil
        /// Resident memory per phase and the reader's figures (schema /2; nil in older files).
        public var memory: Memory? = nil
        /// The per-operator profile of a separate profiled pass (`--profile`; schema /2).
        public var profile: OperatorProfile? = nil
        /// Per-operator difference from the baseline's profile (`compare --profile`; schema /2).
        public var profileDiff: ProfileDiff? = nil

        public init(label: String, model: String, modelSHA256: String?, configuration: String?, backend: String, device: String?,
                    threads: Int, kernels: String, available: Bool, unavailableReason: String?, initMs: Double?,
                    firstRunMs: Double?, phases: Phases?, latencyMs: Latency?, samples: Int, coefficientOfVariation: Double?,
                    speedup: PairedRatio?, agreement: Agreement?, percentiles: [[Double]]?, acceleration: String?,
                    kernelFallback: String? = nil, inputShapes: [String]? = nil, memory: Memory? = nil,
                    profile: OperatorProfile? = nil, profileDiff: ProfileDiff? = nil) {
            self.label = label
            self.model = model
            self.modelSHA256 = modelSHA256
            self.configuration = configuration
            self.backend = backend
            self.device = device
            self.threads = threads
            self.kernels = kernels
            self.available = available
            self.unavailableReason = unavailableReason
            self.initMs = initMs
            self.firstRunMs = firstRunMs
            self.phases = phases
            self.latencyMs = latencyMs
            self.samples = samples
            self.coefficientOfVariation = coefficientOfVariation
            self.speedup = speedup
            self.agreement = agreement
            self.percentiles = percentiles
            self.acceleration = acceleration
            self.kernelFallback = kernelFallback
            self.inputShapes = inputShapes
            self.memory = memory
            self.profile = profile
            self.profileDiff = profileDiff
        }

        enum CodingKeys: String, CodingKey {
            case label, model, configuration, backend, device, threads, kernels, available, phases, samples, speedup, agreement, percentiles, acceleration
            case memory, profile
            case kernelFallback = "kernel_fallback", inputShapes = "input_shapes", profileDiff = "profile_diff"
            case modelSHA256 = "model_sha256", unavailableReason = "unavailable_reason", initMs = "init_ms"
            case firstRunMs = "first_run_ms", latencyMs = "latency_ms", coefficientOfVariation = "cv"
        }
    }
}
