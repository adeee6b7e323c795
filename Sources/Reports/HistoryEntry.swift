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
    /// What stored it: `bench`, `compare` or `accuracy` (runs stored before kinds were recorded read as `bench`).
    public var kind: String = "bench"
    /// Accuracy runs: top-1 and top-5 accuracy (0…1) and the dataset as given; nil for latency runs.
    /// For them `p50Ms` is the invoke-only median and `samples` the images evaluated.
    public var top1: Double?
    public var top5: Double?
    public var dataset: String?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", position, created, label, model, modelSHA256 = "model_sha256", backend, threads, kernels, device
        case environmentHash = "environment_hash", available, p50Ms = "p50_ms", p90Ms = "p90_ms", meanMs = "mean_ms", samples
        case kind, top1, top5, dataset
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runID = try c.decode(Int64.self, forKey: .runID)
        position = try c.decode(Int.self, forKey: .position)
        created = try c.decode(String.self, forKey: .created)
        label = try c.decode(String.self, forKey: .label)
        model = try c.decode(String.self, forKey: .model)
        modelSHA256 = try c.decodeIfPresent(String.self, forKey: .modelSHA256)
        backend = try c.decode(String.self, forKey: .backend)
        threads = try c.decode(Int.self, forKey: .threads)
        kernels = try c.decode(String.self, forKey: .kernels)
        device = try c.decodeIfPresent(String.self, forKey: .device)
        environmentHash = try c.decode(String.self, forKey: .environmentHash)
        available = try c.decode(Bool.self, forKey: .available)
        p50Ms = try c.decodeIfPresent(Double.self, forKey: .p50Ms)
        p90Ms = try c.decodeIfPresent(Double.self, forKey: .p90Ms)
        meanMs = try c.decodeIfPresent(Double.self, forKey: .meanMs)
        samples = try c.decode(Int.self, forKey: .samples)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "bench"
        top1 = try c.decodeIfPresent(Double.self, forKey: .top1)
        top5 = try c.decodeIfPresent(Double.self, forKey: .top5)
        dataset = try c.decodeIfPresent(String.self, forKey: .dataset)
    }

    /// Absent values are null, never omitted.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(runID, forKey: .runID); try c.encode(position, forKey: .position); try c.encode(created, forKey: .created)
        try c.encode(label, forKey: .label); try c.encode(model, forKey: .model); try c.encode(modelSHA256, forKey: .modelSHA256)
        try c.encode(backend, forKey: .backend); try c.encode(threads, forKey: .threads); try c.encode(kernels, forKey: .kernels)
        try c.encode(device, forKey: .device); try c.encode(environmentHash, forKey: .environmentHash)
        try c.encode(available, forKey: .available); try c.encode(p50Ms, forKey: .p50Ms); try c.encode(p90Ms, forKey: .p90Ms)
        try c.encode(meanMs, forKey: .meanMs); try c.encode(samples, forKey: .samples); try c.encode(kind, forKey: .kind)
        try c.encode(top1, forKey: .top1); try c.encode(top5, forKey: .top5); try c.encode(dataset, forKey: .dataset)
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
