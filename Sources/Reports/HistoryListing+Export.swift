import Foundation

extension HistoryListing {
    enum Key: String, CodingKey {
        case runID = "run_id", position, created, label, model, modelSHA256 = "model_sha256", backend, threads, kernels, device
        case environmentHash = "environment_hash", available, p50Ms = "p50_ms", p90Ms = "p90_ms", meanMs = "mean_ms", samples
        case kind, top1, top5, dataset
        case machineName = "machine_name", tags
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(entry.runID, forKey: .runID)
        try container.encode(entry.position, forKey: .position)
        try container.encode(entry.created, forKey: .created)
        try container.encode(entry.label, forKey: .label)
        try container.encode(entry.model, forKey: .model)
        try container.encode(entry.modelSHA256, forKey: .modelSHA256)
        try container.encode(entry.backend, forKey: .backend)
        try container.encode(entry.threads, forKey: .threads)
        try container.encode(entry.kernels, forKey: .kernels)
        try container.encode(entry.device, forKey: .device)
        try container.encode(entry.environmentHash, forKey: .environmentHash)
        try container.encode(entry.available, forKey: .available)
        try container.encode(entry.p50Ms.flatMap { $0.isFinite ? $0 : nil }, forKey: .p50Ms)
        try container.encode(entry.p90Ms.flatMap { $0.isFinite ? $0 : nil }, forKey: .p90Ms)
        try container.encode(entry.meanMs.flatMap { $0.isFinite ? $0 : nil }, forKey: .meanMs)
        try container.encode(entry.samples, forKey: .samples)
        try container.encode(entry.kind, forKey: .kind)
        try container.encode(entry.top1, forKey: .top1)
        try container.encode(entry.top5, forKey: .top5)
        try container.encode(entry.dataset, forKey: .dataset)
        try container.encode(machineName, forKey: .machineName)
        try container.encode(tags, forKey: .tags)
    }

    /// The tags as the CSV column holds them: the stored JSON object (`{}` when none), keys sorted.
    public var tagsText: String { Self.tagsText(tags) }

    /// `tags` as a JSON object with sorted keys, `{}` when empty.
    public static func tagsText(_ tags: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(tags)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// The machine and tags of one stored run, as `history show` adds them to the report.
public struct RunLabels: Sendable, Equatable {
    /// `--machine-name` of the run, else its fingerprint's host name.
    public var machineName: String?
    public var tags: [String: String]

    public init(machineName: String?, tags: [String: String]) {
        self.machineName = machineName
        self.tags = tags
    }
}
