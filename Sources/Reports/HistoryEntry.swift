import Results
/// One stored result (one configuration of one recorded run), as listed by `ResultHistory.list(model:)`.
public struct HistoryEntry: Sendable, Equatable, Codable {
    /// The run it belongs to; pass it to `ResultHistory.run(id:)` for the whole report.
    public var runID: Int64
    /// Position of the result in its report (0: the run's baseline).
    public var position: Int
    /// The report's `created` time (ISO 8601, UTC).
    public var created: String
    public var label: String
    public var model: String
    public var modelSHA256: String?
    public var backend: String
    public var threads: Int
    public var kernels: String
    public var device: String?
    /// `MachineFingerprint.stableHash` of the run's environment.
    public var environmentHash: String
    public var available: Bool
    public var p50Ms: Double?
    public var p90Ms: Double?
    public var meanMs: Double?
    public var samples: Int

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", position, created, label, model, modelSHA256 = "model_sha256", backend, threads, kernels, device
        case environmentHash = "environment_hash", available, p50Ms = "p50_ms", p90Ms = "p90_ms", meanMs = "mean_ms", samples
    }

    public init(runID: Int64, position: Int, created: String, label: String, model: String, modelSHA256: String?,
                backend: String, threads: Int, kernels: String, device: String?, environmentHash: String,
                available: Bool, p50Ms: Double?, p90Ms: Double?, meanMs: Double?, samples: Int) {
        self.runID = runID
        self.position = position
        self.created = created
        self.label = label
        self.model = model
        self.modelSHA256 = modelSHA256
        self.backend = backend
        self.threads = threads
        self.kernels = kernels
        self.device = device
        self.environmentHash = environmentHash
        self.available = available
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.meanMs = meanMs
        self.samples = samples
    }
}
