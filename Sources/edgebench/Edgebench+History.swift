import ArgumentParser
import EdgeBench
import EdgeTPU
import Foundation
import LiteRT
import ModelFormat
import Reports

/// Where results are stored: every bench/compare run is recorded unless --no-history.
struct HistoryOptions: ParsableArguments {
    @Option(help: "The result history database (default: $XDG_DATA_HOME/edgebench/history.sqlite).")
    var db: String?

    @Flag(name: .customLong("no-history"), help: "Do not store this run in the result history.")
    var noHistory = false

    func open() throws -> ResultHistory {
        if let db { return try ResultHistory(path: db) }
        return try ResultHistory()
    }

    /// Stores a report; a failure is a warning (the measurement itself succeeded).
    func record(_ report: BenchReport) {
        guard !noHistory else { return }
        do {
            let history = try open()
            let id = try history.record(report)
            Terminal.notice("stored as run \(id) in \(history.path) (see `edgebench history show \(id)`)")
        } catch {
            Terminal.notice("warning: the result was not stored in the history: \(error.localizedDescription)")
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

            @Option(help: "Output format: table, json or markdown.")
            var format: HistoryFormat = .table

            @OptionGroup var history: HistoryOptions

            func run() throws {
                let entries = try history.open().list(model: model)
                switch format {
                case .json: print(try JSONText.encode(entries))
                case .markdown: print(ReportExport.markdown(entries), terminator: "")
                case .table:
                    if entries.isEmpty { print("no results stored yet (run `edgebench bench` or `edgebench compare`)") }
                    for entry in entries {
                        let p50 = entry.p50Ms.map { String(format: "%.3f ms", $0) } ?? "unavailable"
                        print("run \(entry.runID)  \(entry.created)  \(TerminalText.escape(entry.label))  p50 \(p50)  n=\(entry.samples)")
                    }
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print one stored run as a report.")

            @Argument(help: "The run ID (from `edgebench history`).")
            var id: Int64

            @Option(help: "Output format: table, json, csv or markdown.")
            var format: ReportFormat = .table

            @OptionGroup var history: HistoryOptions

            func run() throws {
                guard let report = try history.open().run(id: id) else {
                    throw ValidationError("No run \(id) in the history; `edgebench history` lists the stored runs.")
                }
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
                excludes no change. Exit status, as package-benchmark: 0 within threshold, 2 regression, \
                4 significant improvement (errors keep edgebench's usual codes 1 and 3).

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

        @Option(help: "Output format: text or markdown.")
        var format: CheckFormat = .text

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
                guard let stored = try history.open().run(id: id) else {
                    throw ValidationError("No run \(id) in the history; `edgebench history` lists the stored runs.")
                }
                baselineReport = stored
            } else {
                throw ValidationError("--baseline must be a run ID or an existing JSON results file (got \(baseline)).")
            }
            let currentReport: BenchReport
            if let current {
                currentReport = try ReportFiles.read(current)
            } else {
                currentReport = try remeasure(baselineReport)
                history.record(currentReport)
            }
            let outcome = RegressionCheck.compare(baseline: baselineReport, current: currentReport, metric: metric, maxRegression: try threshold())
            print(format == .markdown ? outcome.renderMarkdown() : outcome.renderText(), terminator: "")
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
            guard !configurations.isEmpty else { throw ValidationError("The baseline has no configuration that ran; nothing to measure again.") }
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

enum HistoryFormat: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }
enum CheckFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown }
extension RegressionCheck.Metric: ExpressibleByArgument {}

/// Reading results files written by bench/compare.
enum ReportFiles {
    static func read(_ path: String) throws -> BenchReport {
        let data = try FileReading.read(path: path)
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
    static func render(_ report: BenchReport, format: ReportFormat) throws -> String {
        switch format {
        case .table: return report.renderTable()
        case .json: return try JSONText.encode(report) + "\n"
        case .csv: return report.renderCSV()
        case .markdown: return report.renderMarkdown()
        }
    }
}
