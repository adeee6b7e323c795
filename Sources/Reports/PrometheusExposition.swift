import Foundation
import Results

/// A free-form `--tag KEY=VALUE` label of a run. The key doubles as a Prometheus label name, so it must be one
/// (`[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__`) and must not shadow a label edgebench sets itself.
public struct RunTag: Sendable, Equatable, Hashable, Codable {
    public var key: String
    public var value: String

    /// The labels every edgebench metric carries (and the Pushgateway's grouping labels): no tag may reuse them.
    public static let reservedKeys: Set<String> = PrometheusExposition.ownLabels.union(["job", "instance", "quantile"])

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses `KEY=VALUE`, split at the first `=` (the value may contain `=`).
    /// - Throws: `RunTagError` naming the argument and what a valid one looks like.
    public static func parse(_ argument: String) throws -> RunTag {
        guard let equals = argument.firstIndex(of: "=") else { throw RunTagError.missingEquals(argument: argument) }
        let key = String(argument[..<equals]), value = String(argument[argument.index(after: equals)...])
        guard PrometheusExposition.isValidLabelName(key), !key.hasPrefix("__") else {
            throw RunTagError.invalidKey(argument: argument, key: key)
        }
        guard !reservedKeys.contains(key) else { throw RunTagError.reservedKey(argument: argument, key: key) }
        return RunTag(key: key, value: value)
    }
}

public enum RunTagError: Error, Equatable, Sendable, LocalizedError {
    case missingEquals(argument: String)
    case invalidKey(argument: String, key: String)
    case reservedKey(argument: String, key: String)
    /// Two `--tag`s with one key: refused rather than silently keeping one.
    case duplicateKey(argument: String, key: String)

    public var errorDescription: String? {
        switch self {
        case let .missingEquals(argument):
            return "--tag \(argument): expected KEY=VALUE (e.g. --tag commit=abc123)"
        case let .invalidKey(argument, key):
            return "--tag \(argument): '\(key)' is not a label name (letters, digits and _, not starting with a digit or __), e.g. --tag ci_job=nightly"
        case let .reservedKey(argument, key):
            return "--tag \(argument): '\(key)' is a label edgebench sets itself; choose another key"
        case let .duplicateKey(argument, key):
            return "--tag \(argument): the key '\(key)' is given twice; give each key once"
        }
    }
}

/// The Prometheus text exposition format (version 0.0.4) of a bench report, for node_exporter's textfile
/// collector and the Pushgateway.
///
/// Metric names follow Prometheus conventions (base units, `_seconds`); precomputed quantiles are a `summary`
/// (`edgebench_latency_seconds{quantile="0.5"}` with `_sum` and `_count`), since a histogram cannot be rebuilt
/// from stored quantiles. Each family's HELP and TYPE come once, followed by all its samples, as the format
/// requires. Configurations that could not run carry only `edgebench_configuration_available 0`.
public enum PrometheusExposition {
    /// The content type of this text, for the Pushgateway's `Content-Type` header.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The labels set on every sample, in this order.
    public static let ownLabels: Set<String> = ["model", "backend", "device", "threads", "kernels", "configuration", "machine"]

    /// The quantiles of `edgebench_latency_seconds`, with the report figure (ms) each comes from.
    static func quantiles(of latency: BenchReport.Latency) -> [(label: String, milliseconds: Double)] {
        [("0.5", latency.p50), ("0.9", latency.p90), ("0.95", latency.p95), ("0.99", latency.p99)]
    }

    /// The identifying labels of one configuration's samples: model (file name), backend, device (empty for the
    /// default device), threads, kernels, configuration (canonical text, else the label) and machine, then tags.
    public static func labels(of result: BenchReport.Result, machine: String, tags: [RunTag]) -> [(String, String)] {
        var labels: [(String, String)] = [
            ("model", (result.model as NSString).lastPathComponent),
            ("backend", result.backend),
            ("device", result.device ?? ""),
            ("threads", String(result.threads)),
            ("kernels", result.kernels),
            ("configuration", result.configuration ?? result.label),
            ("machine", machine),
        ]
        for tag in tags { labels.append((tag.key, tag.value)) }
        return labels
    }

    /// The whole exposition text of `report`'s results.
    public static func text(for report: BenchReport, machine: String, tags: [RunTag] = []) -> String {
        text(results: report.results, created: report.created, machine: machine, tags: tags)
    }

    /// The exposition text of some results of a run created at `created` (ISO 8601).
    public static func text(results: [BenchReport.Result], created: String, machine: String, tags: [RunTag] = []) -> String {
        var families: [Family] = [
            Family(name: "edgebench_latency_seconds", type: "summary",
                   help: "Steady-state latency of one inference, precomputed quantiles from edgebench's HDR histogram."),
            Family(name: "edgebench_init_seconds", type: "gauge",
                   help: "Time to load and compile the model for this configuration."),
            Family(name: "edgebench_first_run_seconds", type: "gauge",
                   help: "Time of the first (cold) inference after compiling."),
            Family(name: "edgebench_output_agreement_ratio", type: "gauge",
                   help: "Fraction of agreement inputs whose top-1 class equals the baseline configuration's."),
            Family(name: "edgebench_configuration_available", type: "gauge",
                   help: "1 when the configuration ran on this machine, 0 when it was unavailable."),
            Family(name: "edgebench_run_timestamp_seconds", type: "gauge",
                   help: "When the run that measured this configuration was created, as Unix time."),
        ]
        let createdUnixTime = ISO8601DateFormatter().date(from: created)?.timeIntervalSince1970
        for result in results {
            let labels = labels(of: result, machine: machine, tags: tags)
            if let latency = result.latencyMs, result.samples > 0 {
                for (quantile, milliseconds) in quantiles(of: latency) {
                    families[0].add(labels + [("quantile", quantile)], milliseconds / 1e3)
                }
                families[0].add(labels, latency.mean / 1e3 * Double(result.samples), suffix: "_sum")
                families[0].add(labels, Double(result.samples), suffix: "_count")
            }
            if let initMs = result.initMs { families[1].add(labels, initMs / 1e3) }
            if let firstRunMs = result.firstRunMs { families[2].add(labels, firstRunMs / 1e3) }
            if let agreement = result.agreement, agreement.inputs > 0 {
                families[3].add(labels, Double(agreement.top1Agree) / Double(agreement.inputs))
            }
            families[4].add(labels, result.available ? 1 : 0)
            if let createdUnixTime { families[5].add(labels, createdUnixTime) }
        }
        return families.filter { !$0.samples.isEmpty }.map(\.text).joined()
    }

    /// Whether `name` is a valid Prometheus label name.
    public static func isValidLabelName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, !("0"..."9").contains(first) else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// A label value as the text format wants it: backslash, double quote and line feed escaped.
    public static func escapeLabelValue(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// HELP text escapes backslash and line feed only.
    static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// A sample value: Go's float syntax, with `+Inf`/`-Inf`/`NaN` spelled as the format wants them.
    static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    struct Family {
        var name, type, help: String
        var samples: [String] = []

        mutating func add(_ labels: [(String, String)], _ value: Double, suffix: String = "") {
            let labelText = labels.map { "\($0.0)=\"\(PrometheusExposition.escapeLabelValue($0.1))\"" }.joined(separator: ",")
            samples.append("\(name)\(suffix){\(labelText)} \(PrometheusExposition.formatValue(value))\n")
        }

        var text: String {
            "# HELP \(name) \(PrometheusExposition.escapeHelp(help))\n# TYPE \(name) \(type)\n" + samples.joined()
        }
    }
}
