import Results
import Foundation

extension PrometheusExposition {
    /// The identifying labels of one accuracy configuration: the same names as bench's (model, backend, device,
    /// threads, kernels, configuration, machine, then tags); device is empty (the default device), and threads and
    /// kernels are empty where they mean nothing (GPU, Edge TPU).
    public static func labels(of configuration: ConfigurationAccuracy, machine: String, tags: [RunTag]) -> [(String, String)] {
        var labels: [(String, String)] = [
            ("model", (configuration.model as NSString).lastPathComponent),
            ("backend", configuration.backend),
            ("device", ""),
            ("threads", configuration.threads.map(String.init) ?? ""),
            ("kernels", configuration.kernels ?? ""),
            ("configuration", configuration.configuration),
            ("machine", machine),
        ]
        for tag in tags { labels.append((tag.key, tag.value)) }
        return labels
    }

    /// The exposition text of an accuracy report: top-1 and top-5 accuracy (ratios) and images evaluated per
    /// configuration, beside the invoke-only latency summary of the same run (`edgebench_latency_seconds`, as bench
    /// writes it: quantiles 0.5 and 0.9, `_sum` and `_count` over the invoke-only runs).
    ///
    /// With `--fast-decode` the baseline appears twice (fast and exact decodes); the exact one's configuration label
    /// ends in ` (exact decode)` so that the two series stay apart.
    public static func text(for report: AccuracyReport, machine: String, tags: [RunTag] = []) -> String {
        text(configurations: report.configurations, created: report.created, interrupted: report.interrupted, machine: machine, tags: tags)
    }

    /// The exposition text of some configurations of an accuracy run created at `created` (ISO 8601).
    public static func text(configurations: [ConfigurationAccuracy], created: String?, interrupted: Bool,
                            machine: String, tags: [RunTag] = []) -> String {
        var families: [Family] = [
            Family(name: "edgebench_accuracy_top1_ratio", type: "gauge",
                   help: "Top-1 accuracy over the labelled images evaluated (0 to 1)."),
            Family(name: "edgebench_accuracy_top5_ratio", type: "gauge",
                   help: "Top-5 accuracy over the labelled images evaluated (0 to 1)."),
            Family(name: "edgebench_accuracy_images", type: "gauge",
                   help: "Labelled images evaluated by this configuration."),
            Family(name: "edgebench_accuracy_interrupted", type: "gauge",
                   help: "1 when a signal stopped the accuracy run early (the figures cover the images evaluated), else 0."),
            Family(name: "edgebench_latency_seconds", type: "summary",
                   help: "Steady-state latency of one inference, precomputed quantiles from edgebench's HDR histogram."),
            Family(name: "edgebench_configuration_available", type: "gauge",
                   help: "1 when the configuration ran on this machine, 0 when it was unavailable."),
            Family(name: "edgebench_run_timestamp_seconds", type: "gauge",
                   help: "When the run that measured this configuration was created, as Unix time."),
        ]
        let createdUnixTime = created.flatMap { ISO8601DateFormatter().date(from: $0)?.timeIntervalSince1970 }
        for configuration in configurations {
            var labels = labels(of: configuration, machine: machine, tags: tags)
            if configuration.decoder == .exact, configurations.contains(where: { $0.decoder == .fast }),
               let index = labels.firstIndex(where: { $0.0 == "configuration" }) {
                labels[index].1 += " (exact decode)"
            }
            if let top1 = configuration.top1.value { families[0].add(labels, top1) }
            if let top5 = configuration.top5.value { families[1].add(labels, top5) }
            families[2].add(labels, Double(configuration.evaluated))
            families[3].add(labels, interrupted ? 1 : 0)
            if let latency = configuration.latency, latency.invokeRuns > 0 {
                families[4].add(labels + [("quantile", "0.5")], latency.invokeMedianMs / 1e3)
                if let p90 = latency.invokeP90Ms { families[4].add(labels + [("quantile", "0.9")], p90 / 1e3) }
                if let mean = latency.invokeMeanMs {
                    families[4].add(labels, mean / 1e3 * Double(latency.invokeRuns), suffix: "_sum")
                    families[4].add(labels, Double(latency.invokeRuns), suffix: "_count")
                }
            }
            families[5].add(labels, configuration.status == "ok" ? 1 : 0)
            if let createdUnixTime { families[6].add(labels, createdUnixTime) }
        }
        return families.filter { !$0.samples.isEmpty }.map(\.text).joined()
    }
}

extension Pushgateway {
    /// Pushes every configuration of an accuracy report (one PUT each, grouped as bench's plus `kind=accuracy`);
    /// stops at the first failure.
    /// - Throws: `PushgatewayError.unreachable` (69) or `.rejected` (74).
    public func push(_ report: AccuracyReport, machine: String, tags: [RunTag]) throws {
        for configuration in report.configurations {
            let body = PrometheusExposition.text(configurations: [configuration], created: report.created,
                                                 interrupted: report.interrupted, machine: machine, tags: tags)
            var name = configuration.configuration
            if configuration.decoder == .exact, report.configurations.contains(where: { $0.decoder == .fast }) { name += " (exact decode)" }
            // A group of its own (`kind=accuracy`): a PUT replaces its group, and bench's group of the same
            // configuration must keep its latency figures.
            let url = groupURL(machine: machine, model: (configuration.model as NSString).lastPathComponent, configuration: name)
                .appendingPathComponent("kind").appendingPathComponent("accuracy")
            try send(body, to: url)
        }
    }
}
