import ArgumentParser
import EdgeBench
import Foundation
import Reports
import Results

/// Flags that label a run for a fleet of machines and publish it to Prometheus (`bench`, `compare`).
struct FleetOptions: ParsableArguments {
    @Option(name: .customLong("machine-name"), help: "The name this machine's runs carry in metrics (default: the host name).")
    var machineName: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A free-form KEY=VALUE label of the run (repeatable); the key must be a Prometheus label name.", valueName: "key=value"))
    var tags: [String] = []

    @Option(name: .customLong("prometheus-textfile"), help: "Also write the run's metrics in the Prometheus text format to this file (atomically, for node_exporter's textfile collector; name it *.prom).")
    var prometheusTextfile: String?

    @Option(help: "Also push the run's metrics to this Prometheus Pushgateway (http://host:9091), job edgebench, one group per machine, model and configuration; after the local files are written.")
    var pushgateway: String?

    func validate() throws {
        if let machineName, machineName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || machineName.contains("\n") {
            throw ValidationError("--machine-name must be a non-empty name on one line (got \(machineName.debugDescription)).")
        }
        do { _ = try parsedTags() } catch { throw ValidationError(error.localizedDescription) }
        if let pushgateway {
            do { _ = try Pushgateway(url: pushgateway) } catch { throw ValidationError(error.localizedDescription) }
        }
    }

    /// --machine-name, else the host name.
    var machine: String { machineName ?? ProcessInfo.processInfo.hostName }

    /// The --tag labels in order; a key given twice is a usage error rather than a silent choice.
    func parsedTags() throws -> [RunTag] {
        var seen = Set<String>()
        return try tags.map { argument in
            let tag = try RunTag.parse(argument)
            guard seen.insert(tag.key).inserted else { throw RunTagError.duplicateKey(argument: argument, key: tag.key) }
            return tag
        }
    }

    /// Fails (exit 74) before anything is measured when the textfile cannot be written.
    func checkOutputs() throws {
        if let prometheusTextfile { try AtomicFile.checkWritable(prometheusTextfile) }
    }

    /// Writes the textfile, then pushes; each step runs even if the one before failed, and the first error is thrown.
    func publish(_ report: BenchReport) throws {
        try publish(textfile: { PrometheusExposition.text(for: report, machine: machine, tags: $0) },
                    push: { try $0.push(report, machine: machine, tags: $1) })
    }

    /// The one publishing sequence of bench, compare and accuracy: the textfile, then the push, each attempted even
    /// if the one before failed; the first error is thrown.
    func publish(textfile: ([RunTag]) -> String, push: (Pushgateway, [RunTag]) throws -> Void) throws {
        let tags = try parsedTags()
        var firstError: Error?
        if let prometheusTextfile {
            do { try AtomicFile.write(textfile(tags), to: prometheusTextfile) }
            catch { firstError = error }
        }
        if let pushgateway {
            do { try push(Pushgateway(url: pushgateway), tags) }
            catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}
