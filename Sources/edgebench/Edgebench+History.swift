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
        if let server = try server() {
            guard let history = try PostgreSQLHistory.existing(location: server), let report = try history.run(id: id) else {
                throw PostgreSQLHistoryError.noSuchRun(url: server.displayURL, runID: id)
            }
            return report
        }
        let path = try path()
        guard let history = try ResultHistory.existing(path: path) else {
            throw ResultHistoryError.noSuchRun(path: path, runID: id, historyExists: false)
        }
        guard let report = try history.run(id: id) else {
            throw ResultHistoryError.noSuchRun(path: path, runID: id, historyExists: true)
        }
        return report
    }

    /// Stores a report (unless --no-history) in `history`, from `openForRecording()`, or opens it now.
    /// - Parameters:
    ///   - machineName: `--machine-name` (nil: the host name), stored with the run.
    ///   - tags: `--tag` labels, stored with the run.
    /// - Throws: `ResultHistoryError` when it could not be stored (exit 74, or 3 for a damaged database);
    ///   `PostgreSQLHistoryError` (69 for a server gone away, 74 for a failed statement).
    func record(_ report: BenchReport, in opened: OpenedHistory?, machineName: String? = nil, tags: [RunTag] = []) throws {
        guard !noHistory else { return }
        // For a server, nil means it was down when opened: connect once more, here (and fail with 69 if still down).
        let target = try opened ?? (try server() == nil ? openForRecording() : nil)
        switch target {
        case let .postgresql(history):
            let id = try history.record(report, machineName: machineName ?? report.environment.hostname, tags: tags)
            Terminal.notice("stored as run \(id) in \(history.location.displayURL) (see `edgebench history show \(id) --db …`)")
        case let .sqlite(history):
            let id = try history.record(report, machineName: machineName, tags: tags)
            Terminal.notice("stored as run \(id) in \(history.path) (see `edgebench history show \(id)`)")
        case nil:
            if let server = try server() {
                let id = try PostgreSQLHistory(location: server).record(report, machineName: machineName ?? report.environment.hostname, tags: tags)
                Terminal.notice("stored as run \(id) in \(server.displayURL) (see `edgebench history show \(id) --db …`)")
                return
            }
            let history = try ResultHistory(path: try path())
            let id = try history.record(report, machineName: machineName, tags: tags)
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
        switch self {
        case let .postgresql(history): return try history.list(filter)
        case let .sqlite(history): return try history.list(filter)
        }
    }
}

extension Edgebench {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List past bench/compare results stored in the history database.",
            discussion: "Each run of bench or compare is stored (SQLite, WAL) keyed by model SHA-256, configuration and machine fingerprint.",
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
                    case .csv: print(ReportExport.csv([]), terminator: "")
                    case .markdown: print(ReportExport.markdown([]), terminator: "")
                    case .text: print("no history yet at \(try history.path()) (run `edgebench bench` or `edgebench compare` to start one)")
                    }
                    return
                }
                let listed = try stored.list(filter)
                let entries = listed.map(\.entry)
                switch format {
                case .json: print(try JSONText.encode(entries))
                case .markdown: print(ReportExport.markdown(entries), terminator: "")
                case .csv: print(ReportExport.csv(entries), terminator: "")
                case .text:
                    if entries.isEmpty { print("no results stored yet (run `edgebench bench` or `edgebench compare`)") }
                    for item in listed {
                        let entry = item.entry
                        let p50 = entry.p50Ms.map { Milliseconds.format($0) + " ms" } ?? "unavailable"
                        let machine = item.machineName.map { "  on \(TerminalText.escape($0))" } ?? ""
                        print("run \(entry.runID)  \(entry.created)\(machine)  \(TerminalText.escape(entry.label))  p50 \(p50)  n=\(entry.samples)")
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
                let report = try history.storedRun(id)
                print(try ReportText.render(report, format: format), terminator: "")
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn bench/compare JSON results into one self-contained HTML report with charts.",
            discussion: "Example: edgebench report today.json last-week.json -o report.html")

        @Argument(help: "JSON results written by `bench`/`compare --format json --output FILE`.")
        var results: [String]

        @Option(name: .shortAndLong, help: "The HTML file to write.")
        var output: String

        @Option(help: "The report's title.")
        var title: String = "edgebench report"

        func run() throws {
            try AtomicFile.checkWritable(output)
            let reports = try results.map(ReportFiles.read)
            try AtomicFile.write(HTMLReport.render(reports, title: title), to: output)
            print(output)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a new measurement with a baseline and gate on regressions (exit 0 ok, 2 regression, 4 improvement).",
            discussion: """
                The baseline is a run ID from the history or a JSON results file. Without --current, the baseline's \
                configurations are measured again now, with its settings. The change of --metric for each configuration \
                comes with a confidence interval; a regression is a slowdown beyond --max-regression whose interval \
                excludes no change.

                Exit status: 0 within threshold, 2 a significant regression, 4 a significant improvement — verdicts \
                only, never errors. Errors use edgebench's table: 3 no such run, an unreadable baseline or current file, \
                nothing in common between baseline and current (nothing to compare), or baseline configurations missing \
                from the current run (unless --allow-missing); 1, 3 or 69 when nothing could be measured again (from the \
                reasons, as in bench); 64 usage; 74 the current run could not be stored or --output not written; \
                130/143 interrupted (no verdict).

                Example: edgebench check --baseline 12 --max-regression 5%
                """)

        @Option(help: "A run ID from `edgebench history`, or a JSON results file.")
        var baseline: String

        @Option(help: "A JSON results file to check instead of measuring again.")
        var current: String?

        @Option(name: .customLong("max-regression"), help: "Allowed slowdown, e.g. 5% or 0.05.")
        var maxRegression: String = "5%"

        @Option(help: "What to compare: p50, p90 or mean.")
        var metric: RegressionCheck.Metric = .p50

        @Option(help: "Output format: text (also called table), json, csv or markdown (json: schema edgebench.check/1); default text, and for --output the format its extension names (.json, .csv, .md).")
        var format: OutputFormat?

        @Option(help: "Also write the outcome to this file: in --format when given, else in the format of its extension (.json, .csv, .md; others: text); written atomically.")
        var output: String?

        @Flag(name: .customLong("allow-missing"), help: "Check the configurations in common even when the current run lacks some of the baseline's (listed as a warning).")
        var allowMissing = false

        @Flag(help: "No progress line.")
        var quiet = false

        @OptionGroup var history: HistoryOptions

        func validate() throws { _ = try threshold() }

        func threshold() throws -> Double {
            let text = maxRegression.trimmingCharacters(in: .whitespaces)
            let number = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
            guard let value = number, value >= 0, value < 10 else {
                throw ValidationError("--max-regression must be a fraction or a percentage, e.g. 5% or 0.05 (got \(maxRegression)).")
            }
            return value
        }

        func run() throws {
            let baselineReport: BenchReport
            if FileManager.default.fileExists(atPath: baseline) {
                baselineReport = try ReportFiles.read(baseline)
            } else if let id = Int64(baseline) {
                baselineReport = try history.storedRun(id)
            } else {
                // Neither an existing file nor a run ID: the missing file is the error (exit 3, naming it).
                baselineReport = try ReportFiles.read(baseline)
            }
            if let current {
                try report(baseline: baselineReport, current: try ReportFiles.read(current))
            } else {
                let store = try history.openForRecording()
                try Interrupt.gracefully {
                    let currentReport = try remeasure(baselineReport)
                    // An interrupted re-measure is stored (marked interrupted) but gives no verdict.
                    if let signal = Interrupt.stopSignal {
                        try history.record(currentReport, in: store)
                        throw InterruptedRun(signal: signal, measuredAnything: true)
                    }
                    try report(baseline: baselineReport, current: currentReport) { try history.record(currentReport, in: store) }
                }
            }
        }

        /// Compares, prints and writes the outcome, runs `store`, then exits with the verdict's status.
        private func report(baseline: BenchReport, current: BenchReport, store: () throws -> Void = {}) throws {
            let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: metric, maxRegression: try threshold())
            if let problem = outcome.problem(allowMissing: allowMissing) { throw problem }
            if !outcome.missingFromCurrent.isEmpty {
                Terminal.notice("warning: not in the current run (--allow-missing): " + outcome.missingFromCurrent.joined(separator: "; "))
            }
            func render(_ format: OutputFormat) throws -> String {
                switch format {
                case .text: outcome.renderText()
                case .markdown: outcome.renderMarkdown()
                case .json: try outcome.renderJSON()
                case .csv: outcome.renderCSV()
                }
            }
            let screenFormat = format ?? .text
            let text = try render(screenFormat)
            print(text, terminator: "")
            if let output {
                // As bench: --format when given, else the format the file's extension names, else text.
                let fileFormat = OutputFormat.forFile(output, explicit: format)
                try AtomicFile.write(fileFormat == screenFormat ? text : try render(fileFormat), to: output)
            }
            try store()
            if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
        }

        /// Measures the baseline's available configurations again with its settings.
        func remeasure(_ baseline: BenchReport) throws -> BenchReport {
            let configurations = baseline.results.filter(\.available).compactMap { result -> BenchConfiguration? in
                guard let backend = Backend(rawValue: result.backend) else { return nil }
                let kernels = CPUKernels(rawValue: result.kernels) ?? .xnnpack
                // The canonical configuration (recorded since it existed) carries every setting; older files give the basics.
                let recorded = result.configuration.flatMap { try? BenchConfiguration(canonical: $0) }
                let settings = recorded?.settings ?? RunSettings(backend: backend, threads: result.threads, kernels: kernels,
                                                                 device: result.device.flatMap { try? EdgeTPUDeviceSelector(parsing: $0) })
                return BenchConfiguration(modelPath: result.model, settings: settings)
            }
            guard !configurations.isEmpty else { throw CheckError.baselineHasNothingToMeasure(baseline: self.baseline) }
            var options = BenchOptions()
            options.warmup = baseline.settings.warmup
            options.runs = baseline.settings.runs
            options.minTime = baseline.settings.minTimeS
            options.maxTime = baseline.settings.maxTimeS
            options.input = BenchInput.parse(baseline.settings.input.isEmpty ? "random" : baseline.settings.input)
            if case .images = options.input { options.input = .random }  // image names are stored without folders
            return try InteractiveBench.run(configurations, options: options,
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
