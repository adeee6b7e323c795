import ArgumentParser
import EdgeBench
import Foundation
import HistoryPostgreSQL
import LiteRT
import Presentation
import Reports
import Results

/// Measurement flags shared by `bench` and `compare`.
struct MeasurementOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Untimed runs per configuration after the first run.")
    var warmup: Int = 10

    @Option(parsing: .unconditional, help: "Minimum timed runs per configuration (1...10000000).")
    var runs: Int = 50

    @Option(name: .customLong("min-time"), parsing: .unconditional, help: "Minimum seconds of measurement.")
    var minTime: Double = 1

    @Option(name: .customLong("max-time"), parsing: .unconditional, help: "Stop after this many seconds even if --runs is not reached; with --adaptive, the limit for adaptive stopping.")
    var maxTime: Double?

    @Flag(help: "After --runs and --min-time, keep measuring until every median's 95% CI is within ±2%, or --max-time.")
    var adaptive = false

    @Option(help: "Input: zeros, random, or image file(s) separated by commas.")
    var input: String = "random"

    @Flag(name: .customLong("end-to-end"), help: "Time decode → resize → quantize → run → dequantize → top-k per iteration (needs --input IMAGE).")
    var endToEnd = false

    @Option(help: "Output format: text (also called table), json, csv or markdown; default text, and for --output the format its extension names (.json, .csv, .md).")
    var format: OutputFormat?

    @Option(help: "Also write the report to this file: in --format when given, else in the format of its extension (.json, .csv, .md; others: text); written atomically, devices and FIFOs directly, `-` for standard output.")
    var output: String?

    @Flag(help: "No progress line.")
    var quiet = false

    @Option(help: "Also write a self-contained HTML report with charts to this file.")
    var html: String?

    @Flag(help: "After the measurement, profile each configuration per operator in a separate pass (a second, profiler-enabled compile), and report memory per phase.")
    var profile = false

    @Option(name: .customLong("profile-runs"), parsing: .unconditional, help: "Profiled runs per configuration with --profile (1...10000).")
    var profileRuns: Int = 20

    @OptionGroup var history: HistoryOptions

    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more (got \(warmup)).") }
        guard (1...10_000_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 10000000 (got \(runs)).") }
        guard minTime.isFinite, minTime >= 0 else { throw ValidationError("--min-time must be a finite number of seconds, 0 or more (got \(minTime)).") }
        if let maxTime, !(maxTime.isFinite && maxTime > 0) {
            throw ValidationError("--max-time must be a finite number of seconds, more than 0 (got \(maxTime)).")
        }
        guard (1...10_000).contains(profileRuns) else { throw ValidationError("--profile-runs must be between 1 and 10000 (got \(profileRuns)).") }
        if endToEnd, case .images = BenchInput.parse(input) {} else if endToEnd {
            throw ValidationError("--end-to-end needs --input IMAGE[,IMAGE...].")
        }
    }

    /// The format printed on standard output: --format, else the text table.
    var screenFormat: OutputFormat { format ?? .text }

    /// The format written to --output: --format when given explicitly, else the one its extension names, else text.
    var fileFormat: OutputFormat { OutputFormat.forFile(output, explicit: format) }

    /// Fails (exit 74) before anything is loaded or measured when --output or --html cannot be written.
    func checkOutputs() throws {
        for path in [output, html].compactMap({ $0 }) { try AtomicFile.checkWritable(path) }
        try fleet.checkOutputs()
    }

    func benchOptions(agreementImages: [String]? = nil) -> BenchOptions {
        var options = BenchOptions()
        options.warmup = warmup
        options.runs = runs
        options.minTime = minTime
        options.maxTime = maxTime ?? (adaptive ? 60 : nil)
        options.targetRelativeCI = adaptive ? 0.02 : nil
        options.input = BenchInput.parse(input)
        options.endToEnd = endToEnd
        options.profileRuns = profile ? profileRuns : nil
        if let agreementImages { options.agreementInput = .images(agreementImages) }
        return options
    }

    /// Runs the engine with a progress line and SIGINT/SIGTERM handling, then prints, writes and stores the report.
    /// - Throws: `InterruptedRun` (130/143) after writing and storing a run stopped by a signal, or without
    ///   anything when it stopped before the first sample; `ResultHistoryError` when the result could not be
    ///   stored (after the report was printed and written).
    func measure(_ configurations: [BenchConfiguration], options: BenchOptions, runtime: RuntimeLocation, kind: RunKind = .bench) throws -> BenchReport {
        let store = try history.openForRecording()
        return try Interrupt.gracefully {
            var report = try InteractiveBench.run(configurations, options: options, runtime: runtime, quiet: quiet)
            report.environment.machineName = fleet.machine  // results files carry it too (check compares machines)
            report.tags = Dictionary(try fleet.parsedTags().map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            let text = try ReportText.render(report, format: screenFormat)
            print(text, terminator: "")
            // A file that cannot be written must not lose the measurement: the other file and the history still get it.
            var writeError: Error?
            if let output {
                do { try AtomicFile.write(fileFormat == screenFormat ? text : try ReportText.render(report, format: fileFormat), to: output) }
                catch { writeError = error }
            }
            if let html {
                do { try AtomicFile.write(HTMLReport.render([report], title: "edgebench report"), to: html) }
                catch { writeError = writeError ?? error }
            }
            do { try history.record(report, in: store, machineName: fleet.machine, tags: try fleet.parsedTags(), kind: kind) } catch { writeError = writeError ?? error }
            // Metrics go out last: an unreachable Pushgateway (69) must not cost the local files.
            do { try fleet.publish(report) } catch { writeError = writeError ?? error }
            if let writeError { throw writeError }
            try Interrupt.throwIfRequested()
            return report
        }
    }
}

/// Runs the bench engine as a terminal command: a progress line on a TTY; SIGINT/SIGTERM stop after the round.
enum InteractiveBench {
    /// - Throws: The engine's errors; `InterruptedRun` when a signal came before the first sample.
    static func run(_ configurations: [BenchConfiguration], options: BenchOptions, runtime: RuntimeLocation, quiet: Bool) throws -> BenchReport {
        let line = ProgressLine(quiet: quiet)
        defer { line.finish() }
        let engine = BenchEngine(options: options)
        engine.shouldStop = { Interrupt.isRequested }
        engine.progress = { line.update($0) }
        do {
            return try engine.run(configurations, runtime: runtime)
        } catch is BenchEngine.StoppedBeforeMeasuring {
            throw InterruptedRun(signal: Interrupt.stopSignal ?? SIGINT, measuredAnything: false)
        }
    }
}

extension Edgebench {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure latency of models across backends, threads and kernels.",
            discussion: """
                Every combination of model × backend × threads × kernels is one configuration. Each is loaded and \
                compiled once (phases timed separately), run once (the cold first run), warmed up, then all are \
                measured interleaved in rounds (A B C A B C …) so machine drift hits all alike. Statistics come from \
                an HDR histogram; the median has a distribution-free 95% confidence interval; speedups against the \
                first configuration come from the paired rounds.

                Keys on a model (MODEL:threads=1,kernels=builtin, MODEL@usb) fix those settings for it; the sweep flags \
                fill what it leaves open, and a flag whose values leave out a key's value is a usage error. An \
                argument that names an existing file is that model, whatever characters its name has.

                Examples:
                  edgebench bench mobilenet_v2_1.0_224_quant.tflite --threads 1,2 --kernels xnnpack,builtin
                  edgebench bench m.tflite m_edgetpu.tflite@usb --format json --output result.json
                """)

        @Argument(help: "Models, each optionally MODEL@DEVICE (cpu, gpu, usb, usb:0, pci, :0) or MODEL:key=value,...; an existing file is a model whatever its name.")
        var models: [String]

        /// `--backend`, `--threads` and `--kernels` take comma-separated lists here: the sweep.
        @OptionGroup var runtimeOptions: RuntimeOptions

        @OptionGroup var measurement: MeasurementOptions

        func run() throws {
            try measurement.checkOutputs()
            // Keys on a configuration fix what they name; the sweep lists fill the rest.
            let configurations = try BenchConfiguration.sweep(models: models, flags: runtimeOptions.flags())
            if configurations.count == 1, let only = configurations.first {
                try CustomOperatorSupport.check(modelPath: only.modelPath, settings: only.settings)
            }
            let runtime = try runtimeOptions.runtime()
            _ = try measurement.measure(configurations, options: measurement.benchOptions(), runtime: runtime)
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare configurations against the first one: a table, the speedup with its 95% CI, and output agreement.",
            discussion: """
                Each CONFIG is MODEL[@DEVICE][:key=value,...]:
                  mobilenet_v2_1.0_224_quant.tflite                 CPU with the defaults
                  mobilenet_v2_1.0_224_quant.tflite:threads=1       CPU, 1 thread
                  m.tflite:threads=2,kernels=builtin                CPU, built-in kernels
                  mobilenet_v2_1.0_224_quant_edgetpu.tflite@usb     the first USB Edge TPU (also @usb:0, @pci, @:0)
                  mobilenet_v2_1.0_224_float_dq.tflite@gpu:precision=fp32
                  m_edgetpu.tflite@usb:performance=high,usb_queue=16   Edge TPU clock and USB queue
                Keys: threads, kernels, precision, fallback (true/false), performance, usb_queue, force_edgetpu. An \
                argument that names an existing file is that model (model@2x.tflite). Keys beat the runtime flags' \
                defaults; a flag given explicitly that contradicts a key is a usage error.
                The first configuration is the baseline. One that cannot run here is listed as unavailable with its \
                reason; the others still run. Output agreement (top-1 and max |Δ| of dequantized outputs) is checked \
                on --image (default: the seed image among the fixtures, else random input).

                Example: edgebench compare m.tflite:threads=1 m.tflite:threads=2
                """)

        @Argument(help: "Configurations; the first is the baseline.")
        var configurations: [String]

        @Option(name: .customLong("image"), help: "Image(s) for the agreement check, comma-separated.")
        var image: String?

        @OptionGroup var runtimeOptions: RuntimeOptions

        @OptionGroup var measurement: MeasurementOptions

        func validate() throws {
            try runtimeOptions.requireSingleValues()
            guard configurations.count >= 2 else { throw ValidationError("compare needs at least two configurations (the first is the baseline).") }
        }

        func run() throws {
            try measurement.checkOutputs()
            let flags = try runtimeOptions.flags()
            let parsed = try configurations.map { try ConfigurationArgument.parse($0).resolved(flags: flags) }
            var images = image.map { $0.split(separator: ",").map(String.init) }
            if images == nil {
                let seed = DemoPlan.fixturesDirectory() + "/images/" + DemoPlan.seedImage
                if FileManager.default.fileExists(atPath: seed) { images = [seed] }
            }
            let runtime = try runtimeOptions.runtime()
            let report = try measurement.measure(parsed, options: measurement.benchOptions(agreementImages: images), runtime: runtime, kind: .compare)
            printEdgeTPUEstimate(report, configurations: parsed, runtime: runtime)
        }
    }
}
