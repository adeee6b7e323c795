import ArgumentParser
import EdgeBench
import Foundation
import HistoryPostgreSQL
import Presentation
import Reports
import Results

extension Edgebench {
    struct Accuracy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Top-1/top-5 accuracy and agreement with the baseline over a labelled image set, beside latency.",
            discussion: """
                The dataset is a folder per class (DIR/<class>/<image>, class folders named after a label or one of \
                its comma-separated synonyms; case and _/space do not matter) or a CSV manifest of image,label rows \
                (label: a name or an integer index; paths relative to the CSV). Labels come from --labels or the \
                baseline model's metadata; a model with one more output than labels has a background class at 0.

                Each CONFIG is MODEL[@DEVICE][:key=value,...] as in `compare`; the first is the baseline. Every image is \
                decoded once and run on every configuration (decoding overlaps inference). Reported per configuration: \
                top-1 and top-5 accuracy with 95% Wilson intervals, images evaluated/skipped/failed (an image that \
                cannot be decoded is skipped and listed), top-1 agreement with the baseline, McNemar's exact test on \
                the images only one of the two got right, mean and max |Δ| of the dequantized scores, the images where \
                they disagree, per-class accuracy, and invoke-only latency from a separate pass. Ties: equal scores \
                rank the lowest class index first (as in classify); the images a tie decided are counted.

                Each run is stored in the result history (--db, --no-history; --machine-name and --tag label it), \
                where `history` lists it as kind accuracy and `check --baseline ID --max-accuracy-drop 1%` gates on \
                it; --prometheus-textfile / --pushgateway export top-1/top-5 accuracy beside the invoke-only latency. \
                SIGINT/SIGTERM: the image in flight finishes, the images evaluated so far are reported (marked \
                interrupted), written and stored, exit 130/143; before the first image nothing is.

                Example:
                  edgebench accuracy m_float.tflite m_quant.tflite m_edgetpu.tflite@usb --dataset val/ --labels labels.txt
                """)

        @Argument(help: "Configurations; the first is the baseline.")
        var configurations: [String]

        @Option(help: "The labelled images: a folder per class, or a CSV manifest (image,label).")
        var dataset: String

        @Option(help: "A labels file: \"N  label\" lines, or one label per line (default: the baseline model's metadata).")
        var labels: String?

        @Flag(name: .customLong("skip-unknown"), help: "Leave out class folders that match no label (listed in the report) instead of refusing the dataset.")
        var skipUnknown = false

        @Option(name: .customLong("center-crop"), parsing: .unconditional, help: "Keep this central fraction of each image before resizing (the TF evaluation tool uses 0.875); default: the whole image, as classify.")
        var centerCrop: Double?

        @Flag(name: .customLong("fast-decode"), help: "Let libjpeg-turbo scale large JPEGs down while decoding (faster; not Pillow-exact, so accuracy may move).")
        var fastDecode = false

        @Option(name: .customLong("latency-runs"), parsing: .unconditional, help: "Runs of the invoke-only latency pass per configuration (0 to skip).")
        var latencyRuns: Int = 20

        @Option(name: .customLong("queue-depth"), parsing: .unconditional, help: "Decoded images allowed to wait for inference (1...64).")
        var queueDepth: Int = 4

        @Option(help: "Output format: text, json, csv or markdown.")
        var format: OutputFormat?

        @Option(help: "Also write the report to this file (the chosen format; written atomically).")
        var output: String?

        @Option(help: "Also write a self-contained HTML page: accuracy with intervals per configuration, and the agreement matrix.")
        var html: String?

        @Flag(help: "No progress line.")
        var quiet = false

        @OptionGroup var runtimeOptions: RuntimeOptions

        @OptionGroup var history: HistoryOptions

        @OptionGroup var fleet: FleetOptions

        func validate() throws {
            try runtimeOptions.requireSingleValues()
            guard !configurations.isEmpty else { throw ValidationError("accuracy needs at least one configuration.") }
            if let centerCrop, !(centerCrop > 0 && centerCrop <= 1) {
                throw ValidationError(AccuracyError.invalidCenterCrop(centerCrop).localizedDescription)
            }
            guard (0...100_000).contains(latencyRuns) else { throw ValidationError("--latency-runs must be between 0 and 100000 (got \(latencyRuns)).") }
            guard (1...64).contains(queueDepth) else { throw ValidationError("--queue-depth must be between 1 and 64 (got \(queueDepth)).") }
        }

        func run() throws {
            // Every output is checked before any model is loaded (exit 74 at once).
            for path in [output, html].compactMap({ $0 }) { try AtomicFile.checkWritable(path) }
            try fleet.checkOutputs()
            let flags = try runtimeOptions.flags()
            let parsed = try configurations.map { try ConfigurationArgument.parse($0).resolved(flags: flags) }
            var request = AccuracyRequest(configurations: parsed, datasetPath: dataset)
            request.labelsPath = labels
            request.skipUnknown = skipUnknown
            request.centerCrop = centerCrop
            request.fastDecode = fastDecode
            request.latencyRuns = latencyRuns
            request.queueDepth = queueDepth
            for configuration in parsed { try CustomOperatorSupport.check(modelPath: configuration.modelPath, settings: configuration.settings) }
            let runtime = try runtimeOptions.runtime()
            let store = try history.openForRecording()
            try Interrupt.gracefully {
                let line = ProgressLine(quiet: quiet)
                let report: AccuracyReport
                do {
                    report = try AccuracyEvaluator.evaluateBlocking(request, runtime: runtime, progress: { progress in
                        let eta = progress.etaSeconds.map { String(format: ", ETA %.0f s", $0) } ?? ""
                        line.update(String(format: "accuracy: %d/%d images, %.1f images/s", progress.done, progress.total, progress.imagesPerSecond) + eta)
                    }, shouldStop: { Interrupt.isRequested })
                } catch is AccuracyInterrupted {
                    line.finish()
                    // Stopped before the first image: nothing is printed, written or stored.
                    throw InterruptedRun(signal: Interrupt.stopSignal ?? SIGINT, measuredAnything: false)
                }
                line.finish()
                let chosen = OutputFormat.forFile(output, explicit: format)
                func render(_ format: OutputFormat) throws -> String {
                    switch format {
                    case .text: AccuracyText.render(report)
                    case .json: try JSONText.encode(report) + "\n"
                    case .csv: AccuracyText.csv(report)
                    case .markdown: AccuracyText.markdown(report)
                    }
                }
                let text = try render(format ?? .text)
                print(text, terminator: "")
                // A file that cannot be written must not lose the run: the other outputs and the history still get it.
                var writeError: Error?
                if let output {
                    do { try AtomicFile.write(chosen == (format ?? .text) ? text : try render(chosen), to: output) } catch { writeError = error }
                }
                if let html {
                    do { try AtomicFile.write(AccuracyHTML.render(report), to: html) } catch { writeError = writeError ?? error }
                }
                do { try history.record(report, in: store, machineName: fleet.machine, tags: try fleet.parsedTags()) } catch { writeError = writeError ?? error }
                // Metrics go out last: an unreachable Pushgateway (69) must not cost the local files.
                do { try fleet.publish(report) } catch { writeError = writeError ?? error }
                if let writeError { throw writeError }
                if report.interrupted { throw InterruptedRun(signal: Interrupt.stopSignal ?? SIGINT, measuredAnything: true) }
                // A configuration that failed while running ends the command with its exit code, after the report.
                if let failed = report.configurations.first(where: { $0.status == "failed" }) {
                    Terminal.error("\(failed.configuration) failed: \(failed.error ?? "unknown error")")
                    throw ExitCode(failed.exitCode ?? ExitStatus.runtimeFailure.rawValue)
                }
            }
        }
    }
}

extension HistoryOptions {
    /// Stores an accuracy report (unless --no-history) in `opened`, from `openForRecording()`, or opens it now.
    /// - Throws: As `record(_:in:machineName:tags:)` for bench reports.
    func record(_ report: AccuracyReport, in opened: OpenedHistory?, machineName: String? = nil, tags: [RunTag] = []) throws {
        guard !noHistory else { return }
        let hostname = report.recordedEnvironment.hostname
        let target = try opened ?? (try server() == nil ? openForRecording() : nil)
        switch target {
        case let .postgresql(history):
            let id = try history.record(report, machineName: machineName ?? hostname, tags: tags)
            Terminal.notice("stored as run \(id) in \(history.location.displayURL) (see `edgebench history show \(id) --db …`)")
        case let .sqlite(history):
            let id = try history.record(report, machineName: machineName, tags: tags)
            Terminal.notice("stored as run \(id) in \(history.path) (see `edgebench history show \(id)`)")
        case nil:
            if let server = try server() {
                let id = try PostgreSQLHistory(location: server).record(report, machineName: machineName ?? hostname, tags: tags)
                Terminal.notice("stored as run \(id) in \(server.displayURL) (see `edgebench history show \(id) --db …`)")
                return
            }
            let history = try ResultHistory(path: try path())
            let id = try history.record(report, machineName: machineName, tags: tags)
            Terminal.notice("stored as run \(id) in \(history.path) (see `edgebench history show \(id)`)")
        }
    }
}

extension FleetOptions {
    /// Writes the accuracy run's metrics textfile, then pushes; each step runs even if the one before failed.
    func publish(_ report: AccuracyReport) throws {
        try publish(textfile: { PrometheusExposition.text(for: report, machine: machine, tags: $0) },
                    push: { try $0.push(report, machine: machine, tags: $1) })
    }
}

extension HistoryOptions {
    /// The stored run `id`, bench or accuracy.
    /// - Throws: `ResultHistoryError.noSuchRun` / `PostgreSQLHistoryError.noSuchRun` (exit 3) when there is no
    ///   such run or no history at all.
    func anyStoredRun(_ id: Int64) throws -> StoredRun {
        try stored(id, postgresql: { try $0.storedRun(id: id) }, sqlite: { try $0.storedRun(id: id) })
    }
}

/// An accuracy baseline's dataset or labels file that `check` cannot find again (exit 3), with every place tried.
struct AccuracyBaselineInputMissing: Error, LocalizedError, ExitStatusProviding {
    var what: String
    var given: String
    var tried: [String]

    var errorDescription: String? {
        "the baseline's \(what) \(given) is not there any more (tried \(tried.joined(separator: ", "))); "
            + "restore it, or check with --current FILE against an accuracy report of the same dataset"
    }

    var exitStatus: ExitStatus { .badInput }
}

/// Accuracy results files (`accuracy --format json --output FILE`).
enum AccuracyReportFiles {
    private struct SchemaOnly: Decodable { var schema: String }

    /// The accuracy report in `path`, or nil when the file is a results file of another kind (bench, compare).
    /// - Throws: `EdgeBenchError.unreadableFile` (exit 3) when it is not a results file at all.
    static func readIfAccuracy(_ path: String) throws -> AccuracyReport? {
        let data = try FileReading.read(path: path, as: .report)
        guard let schema = try? JSONDecoder().decode(SchemaOnly.self, from: data).schema, schema.hasPrefix("edgebench.accuracy/") else { return nil }
        guard AccuracyReport.readableSchemas.contains(schema) else {
            throw EdgeBenchError.unreadableFile(path: path, reason: "its schema is \(schema), not one of \(AccuracyReport.readableSchemas.sorted().joined(separator: ", "))")
        }
        do {
            return try JSONDecoder().decode(AccuracyReport.self, from: data)
        } catch {
            throw EdgeBenchError.unreadableFile(path: path, reason: "it is not a complete edgebench accuracy report (write one with `accuracy --format json --output FILE`)")
        }
    }

    /// The accuracy report in `path`.
    /// - Throws: `EdgeBenchError.unreadableFile` (exit 3) when it is not one.
    static func read(_ path: String) throws -> AccuracyReport {
        guard let report = try readIfAccuracy(path) else {
            throw EdgeBenchError.unreadableFile(path: path, reason: "it is not an accuracy report, and the baseline is one (write one with `accuracy --format json --output FILE`)")
        }
        return report
    }
}

extension Edgebench.Check {
    /// --max-accuracy-drop as a fraction of the images.
    func accuracyThreshold() throws -> Double {
        guard let value = AccuracyCheck.parseThreshold(maxAccuracyDrop) else {
            throw ValidationError("--max-accuracy-drop must be percentage points of top-1 accuracy between 0 and 100, e.g. 1% or 0.01 (got \(maxAccuracyDrop)).")
        }
        return value
    }

    /// Checks an accuracy baseline (a file or a stored run of `edgebench accuracy`) and exits with the verdict.
    /// - Returns: false, having done nothing, when the baseline is not an accuracy run.
    func checkAccuracyBaseline() throws -> Bool {
        let baselineReport: AccuracyReport
        var folder: String?
        if FileManager.default.fileExists(atPath: baseline) {
            guard let report = try AccuracyReportFiles.readIfAccuracy(baseline) else { return false }
            baselineReport = report
            folder = (URL(fileURLWithPath: baseline).standardizedFileURL.path as NSString).deletingLastPathComponent
        } else if let id = Int64(baseline) {
            guard case let .accuracy(report) = try history.anyStoredRun(id) else { return false }
            baselineReport = report
        } else {
            return false
        }
        let threshold = try accuracyThreshold()
        // A baseline of another machine is refused unless --any-machine, as for latency baselines (before anything runs).
        func machines(current: MachineFingerprint?) throws -> CheckMachines? {
            guard let baselineMachine = baselineReport.environment else { return nil }
            let machines = CheckMachines(baseline: baselineMachine, current: current ?? thisMachine(), anyMachine: anyMachine)
            if let refusal = machines.refusal { throw refusal }
            return machines
        }
        if let current {
            let currentReport = try AccuracyReportFiles.read(current)
            try reportAccuracy(baseline: baselineReport, current: currentReport, threshold: threshold,
                               machines: try machines(current: currentReport.environment))
            return true
        }
        let checkedMachines = try machines(current: nil)
        let request = try rerunRequest(baselineReport, folder: folder)
        let store = try history.openForRecording()
        try Interrupt.gracefully {
            let line = ProgressLine(quiet: quiet)
            let report: AccuracyReport
            do {
                report = try AccuracyEvaluator.evaluateBlocking(request, runtime: RuntimeLocation.findOrInstall { Terminal.notice($0) }, progress: { progress in
                    line.update(String(format: "check: %d/%d images, %.1f images/s", progress.done, progress.total, progress.imagesPerSecond))
                }, shouldStop: { Interrupt.isRequested })
            } catch is AccuracyInterrupted {
                line.finish()
                throw InterruptedRun(signal: Interrupt.stopSignal ?? SIGINT, measuredAnything: false)
            }
            line.finish()
            // An interrupted re-run is stored (marked interrupted) but gives no verdict.
            if report.interrupted {
                try history.record(report, in: store)
                throw InterruptedRun(signal: Interrupt.stopSignal ?? SIGINT, measuredAnything: true)
            }
            try reportAccuracy(baseline: baselineReport, current: report, threshold: threshold, machines: checkedMachines) { try history.record(report, in: store) }
        }
        return true
    }

    /// The baseline's configurations, dataset, labels and preprocessing, to run again (no latency pass: the gate is accuracy).
    /// - Parameter folder: The baseline file's folder (nil for a stored run): where relative paths are looked for.
    func rerunRequest(_ baseline: AccuracyReport, folder: String?) throws -> AccuracyRequest {
        let configurations = try baseline.configurations
            .filter { $0.decoder == baseline.preprocessing.decoder && $0.status == "ok" }
            .map { try BenchConfiguration(canonical: $0.configuration) }
        guard !configurations.isEmpty else { throw CheckError.baselineHasNothingToMeasure(baseline: self.baseline) }
        func locate(_ given: String, absolute: String?, what: String) throws -> String {
            var tried: [String] = []
            for candidate in [absolute, given.hasPrefix("/") ? given : folder.map { ($0 as NSString).appendingPathComponent(given) } ?? given].compactMap({ $0 }) {
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                if !tried.contains(candidate) { tried.append(candidate) }
            }
            throw AccuracyBaselineInputMissing(what: what, given: given, tried: tried)
        }
        var request = AccuracyRequest(configurations: configurations,
                                      datasetPath: try locate(baseline.dataset.path, absolute: baseline.dataset.absolutePath, what: "dataset"))
        if let labels = baseline.dataset.labelsSource, labels != "embedded" {
            request.labelsPath = try locate(labels, absolute: nil, what: "labels file")
        }
        request.skipUnknown = !baseline.dataset.skippedClasses.isEmpty
        request.centerCrop = baseline.preprocessing.centerCrop
        request.fastDecode = baseline.preprocessing.decoder == .fast
        request.latencyRuns = 0
        return request
    }

    /// Compares, prints and writes the outcome, runs `store`, then exits with the verdict's status.
    func reportAccuracy(baseline: AccuracyReport, current: AccuracyReport, threshold: Double, machines: CheckMachines? = nil,
                        store: () throws -> Void = {}) throws {
        var outcome = AccuracyCheck.compare(baseline: baseline, current: current, maxDrop: threshold)
        if let note = machines?.crossMachineNote { outcome.notes.append(note) }
        if let problem = outcome.problem(allowMissing: allowMissing) { throw problem }
        if !outcome.missingFromCurrent.isEmpty {
            Terminal.notice("warning: not in the current run (--allow-missing): " + outcome.missingFromCurrent.joined(separator: "; "))
        }
        try emit(exitStatus: outcome.exitStatus, store: store) { format in
            switch format {
            case .text: outcome.renderText()
            case .markdown: outcome.renderMarkdown()
            case .json: try outcome.renderJSON()
            case .csv: outcome.renderCSV()
            }
        }
    }
}
