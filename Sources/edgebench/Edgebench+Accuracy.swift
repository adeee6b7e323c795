import ArgumentParser
import EdgeBench
import Foundation
import Presentation
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
            Interrupt.install()
            let line = ProgressLine(quiet: quiet)
            let report = try AccuracyEvaluator.evaluateBlocking(request, runtime: runtime, progress: { progress in
                let eta = progress.etaSeconds.map { String(format: ", ETA %.0f s", $0) } ?? ""
                line.update(String(format: "accuracy: %d/%d images, %.1f images/s", progress.done, progress.total, progress.imagesPerSecond) + eta)
            }, shouldStop: { Interrupt.isRequested })
            line.finish()
            let chosen = OutputFormat.forFile(output, explicit: format)
            let text: String
            switch chosen {
            case .text: text = AccuracyText.render(report)
            case .json: text = try JSONText.encode(report) + "\n"
            case .csv: text = AccuracyText.csv(report)
            case .markdown: text = AccuracyText.markdown(report)
            }
            print(text, terminator: "")
            if let output { try AtomicFile.write(text, to: output) }
            if let html { try AtomicFile.write(AccuracyHTML.render(report), to: html) }
            if report.interrupted { Foundation.exit(ExitStatus.interrupted.rawValue) }
            // A configuration that failed while running ends the command with its exit code, after the report.
            if let failed = report.configurations.first(where: { $0.status == "failed" }) {
                Terminal.error("\(failed.configuration) failed: \(failed.error ?? "unknown error")")
                Foundation.exit(failed.exitCode ?? ExitStatus.runtimeFailure.rawValue)
            }
        }
    }
}
