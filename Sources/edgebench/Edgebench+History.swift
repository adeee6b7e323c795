import ArgumentParser
import EdgeBench
import EdgeTPU
import Foundation
import HistoryPostgreSQL
import LiteRT
import ModelFormat
import Presentation
import Reports
import Results

/// Where results are stored: every bench/compare run is recorded unless --no-history.
struct HistoryOptions: ParsableArguments {
    @Option(help: "The result history: an SQLite file (default: $XDG_DATA_HOME/edgebench/history.sqlite), or a PostgreSQL server shared by a fleet, postgresql://user[:password]@host[:port]/database; default $EDGEBENCH_DB when set.")
    var db: String?

    @Flag(name: .customLong("no-history"), help: "Do not store this run in the result history.")
    var noHistory = false

    /// --db, else $EDGEBENCH_DB (non-empty), else nil for the default SQLite file.
    var location: String? {
        if let db { return db }
        if let variable = ProcessInfo.processInfo.environment["EDGEBENCH_DB"], !variable.isEmpty { return variable }
        return nil
    }

    func validate() throws {
        // A URL is refused before anything is measured or created (no folder named `postgresql:`).
        if let location {
            do {
                if case let .postgresql(url) = try HistoryLocation.parse(location) { _ = try PostgreSQLLocation(url: url) }
            } catch { throw ValidationError(error.localizedDescription) }
        }
    }

    /// The SQLite file `--db` names, or the default one; nil for a PostgreSQL server.
    func path() throws -> String {
        guard let location else { return try ResultHistory.defaultPath() }
        switch try HistoryLocation.parse(location) {
        case let .sqliteFile(path): return path
        case let .postgresql(url): return try PostgreSQLLocation(url: url).displayURL
        }
    }

    /// The PostgreSQL server --db names, or nil for an SQLite file.
    func server() throws -> PostgreSQLLocation? {
        guard let location, case let .postgresql(url) = try HistoryLocation.parse(location) else { return nil }
        return try PostgreSQLLocation(url: url)
    }

    /// Opens (creating if needed) the history a run will be stored in; nil with --no-history, or when it is
    /// locked just now (`record` tries again). Called before measuring, so that a damaged or unwritable history
    /// or a server that is down fails at once rather than after the measurement; a lock may be gone, or the
    /// server down, by the time the run is stored.
    func openForRecording() throws -> OpenedHistory? {
        guard !noHistory else { return nil }
        if let server = try server() {
            // A server that is down must not cost the measurement: say so now, measure, write the local files,
            // and fail (69) when storing tries the server again.
            do {
                return .postgresql(try PostgreSQLHistory(location: server))
            } catch let error as PostgreSQLHistoryError where error.exitStatus == .unavailable {
                Terminal.notice("\(error.localizedDescription); measuring anyway, the run will not be stored unless the server is back by then")
                return nil
            }
        }
        do {
            return .sqlite(try ResultHistory(path: try path()))
        } catch ResultHistoryError.locked {
            return nil
        }
    }

    /// Opens the history for reading without creating anything; nil when it does not exist yet.
    func openForReading() throws -> OpenedHistory? {
        if let server = try server() { return try PostgreSQLHistory.existing(location: server).map(OpenedHistory.postgresql) }
        return try ResultHistory.existing(path: try path()).map(OpenedHistory.sqlite)
    }

    /// The stored run `id`.
    /// - Throws: `ResultHistoryError.noSuchRun` / `PostgreSQLHistoryError.noSuchRun` (exit 3) when there is no
    ///   such run or no history at all.
    func storedRun(_ id: Int64) throws -> BenchReport {
        try stored(id, postgresql: { try $0.run(id: id) }, sqlite: { try $0.run(id: id) })
    }

    /// What `read` finds for run `id` in the history this command names, or the "no such run" error of that backend
    /// (exit 3): the one lookup behind `storedRun` and `anyStoredRun`.
    func stored<Value>(_ id: Int64, postgresql read: (PostgreSQLHistory) throws -> Value?,
                       sqlite readSQLite: (ResultHistory) throws -> Value?) throws -> Value {
        if let server = try server() {
            guard let history = try PostgreSQLHistory.existing(location: server), let value = try read(history) else {
                throw PostgreSQLHistoryError.noSuchRun(url: server.displayURL, runID: id)
            }
            return value
        }
        let path = try path()
        guard let history = try ResultHistory.existing(path: path) else {
            throw ResultHistoryError.noSuchRun(path: path, runID: id, historyExists: false)
        }
        guard let value = try readSQLite(history) else {
            throw ResultHistoryError.noSuchRun(path: path, runID: id, historyExists: true)
        }
        return value
    }

    /// The machine name and tags stored with run `id`; nil when there is no such run.
    func storedRunLabels(_ id: Int64) throws -> RunLabels? {
        if let server = try server() { return try PostgreSQLHistory.existing(location: server)?.labels(ofRun: id) }
        return try ResultHistory.existing(path: try path())?.labels(ofRun: id)
    }

    /// Stores a report (unless --no-history) in `history`, from `openForRecording()`, or opens it now.
    /// - Parameters:
    ///   - machineName: `--machine-name` (nil: the host name), stored with the run.
    ///   - tags: `--tag` labels, stored with the run.
    /// - Throws: `ResultHistoryError` when it could not be stored (exit 74, or 3 for a damaged database);
    ///   `PostgreSQLHistoryError` (69 for a server gone away, 74 for a failed statement).
    func record(_ report: BenchReport, in opened: OpenedHistory?, machineName: String? = nil, tags: [RunTag] = [], kind: RunKind = .bench) throws {
        guard !noHistory else { return }
        // For a server, nil means it was down when opened: connect once more, here (and fail with 69 if still down).
        let target = try opened ?? (try server() == nil ? openForRecording() : nil)
        switch target {
        case let .postgresql(history):
            let id = try history.record(report, machineName: machineName ?? report.environment.hostname, tags: tags, kind: kind)
            Terminal.notice("stored as run \(id) in \(history.location.displayURL) (see `edgebench history show \(id) --db …`)")
        case let .sqlite(history):
            let id = try history.record(report, machineName: machineName, tags: tags, kind: kind)
            Terminal.notice("stored as run \(id) in \(history.path) (see `edgebench history show \(id)`)")
        case nil:
            if let server = try server() {
                let id = try PostgreSQLHistory(location: server).record(report, machineName: machineName ?? report.environment.hostname, tags: tags, kind: kind)
                Terminal.notice("stored as run \(id) in \(server.displayURL) (see `edgebench history show \(id) --db …`)")
                return
            }
            let history = try ResultHistory(path: try path())
            let id = try history.record(report, machineName: machineName, tags: tags, kind: kind)
            Terminal.notice("stored as run \(id) in \(history.path) (see `edgebench history show \(id)`)")
        }
    }
}

/// An opened result history: the embedded SQLite file or a fleet's PostgreSQL server.
enum OpenedHistory {
    case sqlite(ResultHistory)
    case postgresql(PostgreSQLHistory)

    /// The stored results that pass `filter`, with the machine and tags of each run.
    func list(_ filter: HistoryFilter) throws -> [HistoryListing] {
        let listed: [HistoryListing]
        switch self {
        case let .postgresql(history): listed = try history.list(filter) + history.listAccuracy(filter)
        case let .sqlite(history): listed = try history.list(filter) + history.listAccuracy(filter)
        }
        // Latency and accuracy rows in one order: by creation, run, position.
        return listed.sorted { ($0.entry.created, $0.entry.runID, $0.entry.position) < ($1.entry.created, $1.entry.runID, $1.entry.position) }
    }
}

extension Edgebench {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List past bench/compare/accuracy results stored in the history database.",
            discussion: "Each run of bench, compare or accuracy is stored (SQLite, WAL) keyed by model SHA-256, configuration and machine fingerprint; the listing names each run's kind (bench, compare, accuracy).",
            subcommands: [List.self, Show.self],
            defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One line per stored result.")

            @Option(help: "Only results of this model (path, file name or SHA-256).")
            var model: String?

            @Option(help: "Only runs stored with this --machine-name (the host name for runs stored without one).")
            var machine: String?

            @Option(name: .customLong("tag"), help: ArgumentHelp("Only runs stored with this --tag KEY=VALUE (repeatable: all must match).", valueName: "key=value"))
            var tags: [String] = []

            @Option(help: "Only runs created at or after this time: an ISO 8601 date or time in UTC (2026-01-31, 2026-01-31T12:00:00Z).")
            var since: String?

            @Option(help: "Output format: text (also called table), json, csv or markdown.")
            var format: OutputFormat = .text

            @OptionGroup var history: HistoryOptions

            func validate() throws {
                do { _ = try tags.map(RunTag.parse) } catch { throw ValidationError(error.localizedDescription) }
                if let since, !Self.isISODate(since) {
                    throw ValidationError("--since \(since): expected an ISO 8601 date or UTC time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.")
                }
            }

            /// `YYYY-MM-DD` or a full `YYYY-MM-DDThh:mm:ssZ`: stored `created` times are that text, so they compare as strings.
            static func isISODate(_ text: String) -> Bool {
                let formatter = ISO8601DateFormatter()
                if formatter.date(from: text) != nil { return true }
                formatter.formatOptions = [.withFullDate]
                return text.count == 10 && formatter.date(from: text) != nil
            }

            func run() throws {
                let filter = HistoryFilter(model: model, machine: machine, tags: try tags.map(RunTag.parse), since: since)
                // Reading never creates the database (nor its folder).
                guard let stored = try history.openForReading() else {
                    switch format {
                    case .json: print("[]")
                    case .csv: print(ReportExport.csv([HistoryListing]()), terminator: "")
                    case .markdown: print(ReportExport.markdown([]), terminator: "")
                    case .text: print("no history yet at \(try history.path()) (run `edgebench bench` or `edgebench compare` to start one)")
                    }
                    return
                }
                let listed = try stored.list(filter)
                let entries = listed.map(\.entry)
                switch format {
                // Each row with its run's machine_name and tags (null / {} when absent, never left out).
                case .json: print(try JSONText.encode(listed))
                case .markdown: print(ReportExport.markdown(entries), terminator: "")
                case .csv: print(ReportExport.csv(listed), terminator: "")
                case .text:
                    if entries.isEmpty { print("no results stored yet (run `edgebench bench` or `edgebench compare`)") }
                    for item in listed {
                        let entry = item.entry
                        let machine = item.machineName.map { "  on \(TerminalText.escape($0))" } ?? ""
                        if entry.kind == RunKind.accuracy.rawValue {
                            func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
                            let invoke = entry.p50Ms.map { "  invoke " + Milliseconds.format($0) + " ms" } ?? ""
                            print("run \(entry.runID)  \(entry.created)\(machine)  accuracy  \(TerminalText.escape(entry.label))  top-1 \(percent(entry.top1))  top-5 \(percent(entry.top5))\(invoke)  n=\(entry.samples) images  \(TerminalText.escape(entry.dataset ?? ""))")
                            continue
                        }
                        let p50 = entry.p50Ms.map { Milliseconds.format($0) + " ms" } ?? "unavailable"
                        print("run \(entry.runID)  \(entry.created)\(machine)  \(entry.kind)  \(TerminalText.escape(entry.label))  p50 \(p50)  n=\(entry.samples)")
                    }
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print one stored run as a report.")

            @Argument(help: "The run ID (from `edgebench history`).")
            var id: Int64

            @Option(help: "Output format: text (also called table), json, csv or markdown.")
            var format: OutputFormat = .text

            @OptionGroup var history: HistoryOptions

            func run() throws {
                switch try history.anyStoredRun(id) {
                case var .latency(report):
                    let labels = try history.storedRunLabels(id)
                    // The run's machine name and tags, as stored with it: never left out of JSON and CSV.
                    report.environment.machineName = labels?.machineName ?? report.environment.name
                    report.tags = labels?.tags ?? report.tags ?? [:]
                    var text = try ReportText.render(report, format: format)
                    if format == .csv { text = Self.csvWithLabels(text, machineName: report.environment.name, tags: report.tags ?? [:]) }
                    print(text, terminator: "")
                case let .accuracy(report): print(try AccuracyText.render(report, format: format), terminator: "")
                }
            }

            /// The report's CSV with `machine_name` and `tags` columns on its first table (the profile table after a
            /// blank line stays as it is).
            static func csvWithLabels(_ csv: String, machineName: String, tags: [String: String]) -> String {
                var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for index in lines.indices {
                    guard !lines[index].isEmpty else { break }
                    lines[index] += index == 0 ? ",machine_name,tags" : "," + HistoryListing.csvFields(machineName: machineName, tags: tags)
                }
                return lines.joined(separator: "\n")
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn bench/compare JSON results, or runs from the history, into one self-contained HTML report with charts.",
            discussion: """
                Results files come first, in the order given, then the --run ids, in the order given. Runs from several \
                machines (--machine-name, or different fingerprints) are also shown side by side: one table row per \
                configuration, one column per run, and charts with one row per machine.

                Examples: edgebench report today.json last-week.json -o report.html
                          edgebench report --run 12 --run 15 --db postgresql://edgebench@db/edgebench -o fleet.html
                """)

        @Argument(help: "JSON results written by `bench`/`compare --format json --output FILE`.")
        var results: [String] = []

        @Option(name: .customLong("run"), help: ArgumentHelp("A run ID from `edgebench history` to include (repeatable).", valueName: "id"))
        var runs: [Int64] = []

        @Option(help: "The history the --run ids are read from: an SQLite file (default: $XDG_DATA_HOME/edgebench/history.sqlite) or postgresql://user[:password]@host[:port]/database; default $EDGEBENCH_DB when set.")
        var db: String?

        @Option(name: .shortAndLong, help: "The HTML file to write.")
        var output: String

        @Option(help: "The report's title.")
        var title: String = "edgebench report"

        func validate() throws {
            if results.isEmpty && runs.isEmpty {
                throw ValidationError("give results files, --run ids from the history, or both (e.g. edgebench report --run 12 --run 15 -o fleet.html).")
            }
            if db != nil && runs.isEmpty { throw ValidationError("--db names the history that --run ids are read from; give --run ID too.") }
            _ = try historyOptions()
        }

        /// The history options --db stands for (validated: a URL of an unknown scheme is a usage error).
        func historyOptions() throws -> HistoryOptions {
            do {
                return try HistoryOptions.parse(db.map { ["--db", $0] } ?? [])
            } catch {
                throw ValidationError(HistoryOptions.message(for: error))
            }
        }

        func run() throws {
            try AtomicFile.checkWritable(output)
            var reports = try results.map(ReportFiles.read)
            if !runs.isEmpty {
                let history = try historyOptions()
                // Each run with the machine name it was stored with (runs stored before reports carried it too).
                reports += try runs.map { id in try history.storedRun(id) }
            }
            try AtomicFile.write(HTMLReport.render(reports, title: title), to: output)
            print(output)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a new measurement with a baseline and gate on regressions (exit 0 ok, 2 regression, 4 improvement).",
            discussion: """
                The baseline is a run ID from the history or a JSON results file. Without --current, the baseline's \
                configurations are measured again now, with its settings. An accuracy baseline (from `edgebench \
                accuracy`) is run again on the same dataset (its absolute path, else the path as given relative to the \
                baseline file's folder) and gated on --max-accuracy-drop instead. The change of --metric for each configuration \
                comes with a confidence interval; a regression is a slowdown beyond --max-regression whose interval \
                excludes no change.

                Exit status: 0 within threshold, 2 a significant regression, 4 a significant improvement — verdicts \
                only, never errors. Errors use edgebench's table: 3 no such run, an unreadable baseline or current file, \
                nothing in common between baseline and current (nothing to compare), or baseline configurations missing \
                from the current run (unless --allow-missing); 1, 3 or 69 when nothing could be measured again (from the \
                reasons, as in bench); 64 usage, or a baseline (or --current run) of another machine without --any-machine; 74 the current run could not be stored or --output not written; \
                130/143 interrupted (no verdict).

                A baseline of another machine (another --machine-name, CPU model, core count, kernel or OS) is refused \
                unless --any-machine, which the outcome then reports in every format.

                Example: edgebench check --baseline 12 --max-regression 5%
                """)

        @Option(help: "A run ID from `edgebench history`, or a JSON results file.")
        var baseline: String

        @Option(help: "A JSON results file to check instead of measuring again.")
        var current: String?

        @Option(name: .customLong("max-regression"), help: "Allowed slowdown, e.g. 5% or 0.05.")
        var maxRegression: String = "5%"

        @Option(name: .customLong("max-accuracy-drop"), help: "With an accuracy baseline: the largest allowed drop of each configuration's top-1 accuracy, in percentage points (1% or 0.01: one point, e.g. 76.0% → 75.0%); a rise beyond it exits 4. The threshold alone decides, no significance test: a re-run scores the same images, so a change is not sampling noise.")
        var maxAccuracyDrop: String = "1%"

        @Option(help: "What to compare: p50, p90 or mean.")
        var metric: RegressionCheck.Metric = .p50

        @Option(help: "Output format: text (also called table), json, csv or markdown (json: schema edgebench.check/1); default text, and for --output the format its extension names (.json, .csv, .md).")
        var format: OutputFormat?

        @Option(help: "Also write the outcome to this file: in --format when given, else in the format of its extension (.json, .csv, .md; others: text); written atomically.")
        var output: String?

        @Flag(name: .customLong("allow-missing"), help: "Check the configurations in common even when the current run lacks some of the baseline's (listed as a warning).")
        var allowMissing = false

        @Flag(name: .customLong("any-machine"), help: "Accept a baseline (or --current run) measured on another machine: another --machine-name, CPU, core count, kernel or OS; the outcome says so.")
        var anyMachine = false

        @Option(name: .customLong("machine-name"), help: "This machine's name, as given to bench with --machine-name (default: the host name); a baseline of another name is another machine.")
        var machineName: String?

        @Flag(name: .customLong("dry-run"), help: "Print the configurations, input and run options that would be measured again, and measure nothing (--format text or json).")
        var dryRun = false

        @Flag(help: "No progress line.")
        var quiet = false

        @OptionGroup var history: HistoryOptions

        func validate() throws {
            _ = try threshold()
            if let machineName, machineName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || machineName.contains("\n") {
                throw ValidationError("--machine-name must be a non-empty name on one line (got \(machineName.debugDescription)).")
            }
            if dryRun, current != nil { throw ValidationError("--dry-run lists what would be measured again; it cannot be combined with --current.") }
            _ = try accuracyThreshold()
        }

        /// This machine as `check` compares it with the baseline's.
        func thisMachine() -> MachineFingerprint {
            var fingerprint = MachineFingerprint.current(runtime: nil)
            fingerprint.machineName = machineName ?? fingerprint.hostname
            return fingerprint
        }

        func threshold() throws -> Double {
            let text = maxRegression.trimmingCharacters(in: .whitespaces)
            let number = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
            guard let value = number, value >= 0, value < 10 else {
                throw ValidationError("--max-regression must be a fraction or a percentage, e.g. 5% or 0.05 (got \(maxRegression)).")
            }
            return value
        }

        func run() throws {
            // An accuracy baseline (a run of `edgebench accuracy`) is checked on top-1 accuracy (Edgebench+Accuracy.swift).
            if try checkAccuracyBaseline() { return }
            let baselineReport: BenchReport
            // A baseline file's images may be found beside it; a history run's relative paths are taken from here.
            var baselineFolder: String?
            if FileManager.default.fileExists(atPath: baseline) {
                baselineReport = try ReportFiles.read(baseline)
                baselineFolder = (URL(fileURLWithPath: baseline).standardizedFileURL.path as NSString).deletingLastPathComponent
            } else if let id = Int64(baseline) {
                baselineReport = try history.storedRun(id)
            } else {
                // Neither an existing file nor a run ID: the missing file is the error (exit 3, naming it).
                baselineReport = try ReportFiles.read(baseline)
            }
            if let current {
                let currentReport = try ReportFiles.read(current)
                // A results file names its machine; it is checked against the baseline's like a new measurement.
                if let refusal = CheckMachines(baseline: baselineReport.environment, current: currentReport.environment, anyMachine: anyMachine).refusal {
                    throw refusal
                }
                try report(baseline: baselineReport, current: currentReport)
            } else {
                // Refused before anything is measured.
                if let refusal = CheckMachines(baseline: baselineReport.environment, current: thisMachine(), anyMachine: anyMachine).refusal {
                    throw refusal
                }
                let plan = try baselineReport.remeasurePlan(baselineFolder: baselineFolder)
                if dryRun { return try printPlan(plan) }
                let store = try history.openForRecording()
                let name = machineName ?? ProcessInfo.processInfo.hostName
                try Interrupt.gracefully {
                    var currentReport = try remeasure(plan)
                    currentReport.environment.machineName = name
                    // An interrupted re-measure is stored (marked interrupted) but gives no verdict.
                    if let signal = Interrupt.stopSignal {
                        try history.record(currentReport, in: store, machineName: name)
                        throw InterruptedRun(signal: signal, measuredAnything: true)
                    }
                    try report(baseline: baselineReport, current: currentReport) { try history.record(currentReport, in: store, machineName: name) }
                }
            }
        }

        /// `--dry-run`: what `remeasure` would measure, in text or JSON.
        private func printPlan(_ plan: RemeasurePlan) throws {
            switch format ?? .text {
            case .json:
                print(try JSONText.encode(CheckPlanDocument(plan, baseline: baseline)))
            case .text, .markdown, .csv:
                var text = "would measure again (baseline \(baseline)):\n"
                for item in plan.items {
                    text += (item.measured ? "  measure  " : "  skip     ") + item.configuration.canonicalText
                        + (item.measured ? "" : "  (did not run in the baseline)") + "\n"
                }
                text += "input: \(CheckPlanDocument.inputText(plan.options.input))\(plan.options.endToEnd ? " (end to end)" : "")\n"
                text += "warm-up \(plan.options.warmup), runs \(plan.options.runs), min time \(plan.options.minTime) s"
                    + (plan.options.maxTime.map { ", max time \($0) s" } ?? "") + "\n"
                print(TerminalText.escape(text, keepingLineBreaks: true), terminator: "")
            }
        }

        /// Compares, prints and writes the outcome, runs `store`, then exits with the verdict's status.
        private func report(baseline: BenchReport, current: BenchReport, store: () throws -> Void = {}) throws {
            var outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: metric, maxRegression: try threshold())
            outcome.machines = CheckMachines(baseline: baseline.environment, current: current.environment, anyMachine: anyMachine)
            if let problem = outcome.problem(allowMissing: allowMissing) { throw problem }
            if let crossMachine = outcome.machines?.crossMachineNote { Terminal.notice("warning: " + crossMachine) }
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

        /// Prints an outcome in --format (text by default), writes --output in its own format (as bench: --format when
        /// given, else the format the file's extension names, else text), runs `store`, then exits with the verdict's
        /// status. Latency and accuracy checks both end here.
        func emit(exitStatus: Int32, store: () throws -> Void, render: (OutputFormat) throws -> String) throws {
            let screenFormat = format ?? .text
            let text = try render(screenFormat)
            print(text, terminator: "")
            if let output {
                let fileFormat = OutputFormat.forFile(output, explicit: format)
                try AtomicFile.write(fileFormat == screenFormat ? text : try render(fileFormat), to: output)
            }
            try store()
            if exitStatus != 0 { throw ExitCode(exitStatus) }
        }

        /// Measures the baseline's configurations that ran again, with its settings (`BenchReport.remeasurePlan`).
        func remeasure(_ plan: RemeasurePlan) throws -> BenchReport {
            let configurations = plan.configurations
            guard !configurations.isEmpty else { throw CheckError.baselineHasNothingToMeasure(baseline: self.baseline) }
            return try InteractiveBench.run(configurations, options: plan.options,
                                            runtime: RuntimeLocation.findOrInstall { Terminal.notice($0) }, quiet: quiet)
        }
    }
}

extension RegressionCheck.Metric: ExpressibleByArgument {}

/// Reading results files written by bench/compare.
enum ReportFiles {
    static func read(_ path: String) throws -> BenchReport {
        let data = try FileReading.read(path: path, as: .report)
        do {
            let report = try JSONDecoder().decode(BenchReport.self, from: data)
            guard BenchReport.readableSchemas.contains(report.schema) else {
                throw EdgeBenchError.unreadableFile(path: path, reason: "its schema is \(report.schema), not one of \(BenchReport.readableSchemas.sorted().joined(separator: ", "))")
            }
            return report
        } catch let error as EdgeBenchError {
            throw error
        } catch {
            throw EdgeBenchError.unreadableFile(path: path, reason: "it is not an edgebench results file (write one with --format json --output FILE)")
        }
    }
}

/// The report renderings shared by bench, compare and history show.
enum ReportText {
    static func render(_ report: BenchReport, format: OutputFormat) throws -> String {
        switch format {
        case .text: return report.renderTable()
        case .json: return try JSONText.encode(report) + "\n"
        case .csv: return report.renderCSV()
        case .markdown: return report.renderMarkdown()
        }
    }
}
