import Foundation

/// Which stored results `history` lists, in either backend: every given criterion must hold.
public struct HistoryFilter: Sendable, Equatable {
    /// The model's path as benchmarked, its file name, or its SHA-256.
    public var model: String?
    /// The `--machine-name` the run was stored with (the fingerprint's host name for runs stored without one).
    public var machine: String?
    /// Tags the run must carry, each with this value.
    public var tags: [RunTag]
    /// Only runs created at or after this ISO 8601 text (UTC; stored `created` times compare as text).
    public var since: String?

    public init(model: String? = nil, machine: String? = nil, tags: [RunTag] = [], since: String? = nil) {
        self.model = model
        self.machine = machine
        self.tags = tags
        self.since = since
    }
}

/// One stored result with the machine and the tags of its run, as `history` lists them across machines.
///
/// Its JSON is the entry's fields (`run_id` … `samples`) plus `machine_name` and `tags` (an object, `{}` when the
/// run has none); absent values are `null`, never omitted.
public struct HistoryListing: Sendable, Equatable, Encodable {
    public var entry: HistoryEntry
    /// `--machine-name` of the run, else its fingerprint's host name.
    public var machineName: String?
    public var tags: [String: String]

    public init(entry: HistoryEntry, machineName: String?, tags: [String: String]) {
        self.entry = entry
        self.machineName = machineName
        self.tags = tags
    }

    /// The stored form of a run's tags: a JSON object, `{}` when none.
    public static func tagsJSON(_ tags: [RunTag]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let object = Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return (try? encoder.encode(object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Reads the stored form back; anything that is not such an object reads as no tags.
    public static func tags(fromJSON text: String?) -> [String: String] {
        guard let text else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
