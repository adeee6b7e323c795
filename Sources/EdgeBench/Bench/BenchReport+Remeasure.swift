import Results
import EdgeTPU
import Foundation
import LiteRT

/// What `check` measures again for a baseline: each of its configurations rebuilt from the stored canonical text,
/// and the run options (warm-up, runs, time limits, input, end to end) the baseline used.
public struct RemeasurePlan: Sendable {
    /// One configuration of the baseline.
    public struct Item: Sendable, Equatable {
        /// The baseline result's label.
        public var label: String
        /// The configuration rebuilt from the baseline (canonical text when recorded, else the basic fields).
        public var configuration: BenchConfiguration
        /// The baseline's own canonical text, nil in files written before it was recorded.
        public var recorded: String?
        /// False for a configuration that did not run in the baseline: there is nothing to compare it with.
        public var measured: Bool
    }

    public var items: [Item]
    public var options: BenchOptions

    /// The configurations to measure, in the baseline's order.
    public var configurations: [BenchConfiguration] { items.filter(\.measured).map(\.configuration) }
}

extension BenchReport {
    /// The plan for measuring this run again with its settings.
    /// - Parameter baselineFolder: The folder of the baseline file (its images may be found there); nil for a run
    ///   from the history (relative paths are then taken from the current directory).
    /// - Throws: `EdgeBenchError.unreadableFile` (exit 3) naming an image of the baseline that is no longer there:
    ///   never measured again with other input.
    public func remeasurePlan(baselineFolder: String?) throws -> RemeasurePlan {
        let items = results.map { result -> RemeasurePlan.Item in
            // The canonical configuration (recorded since it existed) carries every setting; older files give the basics.
            let recorded = result.configuration.flatMap { try? BenchConfiguration(canonical: $0) }
            let backend = Backend(rawValue: result.backend)
            let settings = recorded?.settings ?? RunSettings(
                backend: backend ?? .cpu, threads: result.threads, kernels: CPUKernels(rawValue: result.kernels) ?? .xnnpack,
                device: result.device.flatMap { try? EdgeTPUDeviceSelector(parsing: $0) })
            // The model as the result names it (the path as given), with the recorded settings.
            return RemeasurePlan.Item(label: result.label, configuration: BenchConfiguration(modelPath: result.model, settings: settings),
                                      recorded: result.configuration, measured: result.available && (recorded != nil || backend != nil))
        }
        var options = BenchOptions()
        options.warmup = settings.warmup
        options.runs = settings.runs
        options.minTime = settings.minTimeS
        options.maxTime = settings.maxTimeS
        options.endToEnd = settings.endToEnd
        let input = BenchInput.parse(settings.input.isEmpty ? "random" : settings.input)
        if case let .images(names) = input {
            // Files written before paths were stored name the images only: look for them beside the baseline.
            let stored = settings.inputPaths ?? names.map { StoredPath(given: $0, absolute: "") }
            options.input = .images(try stored.map { path in
                guard let found = path.resolved(relativeTo: baselineFolder) else {
                    let looked = [path.absolute.isEmpty ? nil : path.absolute,
                                  baselineFolder.map { ($0 as NSString).appendingPathComponent(path.given) } ?? path.given]
                        .compactMap { $0 }
                    throw EdgeBenchError.unreadableFile(path: path.given, reason: "the baseline was measured with this image and it is not at "
                        + looked.joined(separator: " nor at ") + "; put it back, or measure yourself and pass --current FILE")
                }
                return found
            })
        } else {
            options.input = input
        }
        return RemeasurePlan(items: items, options: options)
    }
}
