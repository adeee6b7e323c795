import ArgumentParser
import EdgeBench
import Foundation
import ModelFormat
import Presentation
import Results

extension EdgeTPUClock: ExpressibleByArgument {}
extension EdgeTPULink: ExpressibleByArgument {}

extension Edgebench {
    struct Estimate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Predict the Edge TPU compiler's placement and estimate Edge TPU latency, without a device.",
            discussion: """
                Nothing is run. For an uncompiled, fully quantized model the placement is predicted (which operators \
                the compiler maps, which stay on the CPU and why, cached vs streamed parameter bytes); for a compiled \
                _edgetpu model it is read from the package, with the operators taken from the uncompiled twin beside \
                it. The latency model is fitted on Coral's published table (USB 3 and PCIe at the max clock); the std \
                clock and USB 2 figures are derived from the physics and labelled uncalibrated. CPU operators are not \
                timed: the figure covers the Edge TPU part. Every figure is an estimate, never a measurement.

                Example: edgebench estimate mobilenet_v2_1.0_224_quant.tflite --link usb3 --clock max
                """)

        @Argument(help: "The .tflite models (uncompiled, or compiled _edgetpu with the uncompiled twin beside it).")
        var models: [String]

        @Option(help: "Edge TPU runtime clock: max (500 MHz) or std (250 MHz).")
        var clock: EdgeTPUClock = .max

        @Option(help: "How the Edge TPU is attached: usb3, usb2 or pcie.")
        var link: EdgeTPULink = .usb3

        @Flag(name: .customLong("no-cpu-timing"), help: "Do not time the CPU-fallback operators on this CPU (they are timed with LiteRT's builtin kernels when the runtime is installed).")
        var noCPUTiming = false

        @Option(help: "Output format: text (also called table), json or markdown.")
        var format: OutputFormat = .text

        func run() throws {
            try format.require([.text, .json, .markdown], command: "estimate")
            var entries: [EdgeTPUEstimateReport.Entry] = []
            for path in models {
                let file = try ModelFile(path: path)
                entries.append(try EdgeTPUEstimateReport.entry(
                    path: path, model: file.format, clock: clock, link: link,
                    timeCPUPart: noCPUTiming ? nil : { model, prediction in
                        CPUPartTiming.measure(model: model, prediction: prediction)
                    },
                    readTwin: { twin in
                        FileManager.default.fileExists(atPath: twin) ? try ModelFile(path: twin).format : nil
                    }))
            }
            let report = EdgeTPUEstimateReport(entries: entries)
            switch format {
            case .json: print(try JSONText.encode(report))
            case .markdown: print(EstimateText.markdown(report), terminator: "")
            case .text: print(EstimateText.text(report), terminator: "")
            case .csv: try format.require([.text, .json, .markdown], command: "estimate")  // no csv table for estimates
            }
        }
    }
}

extension Edgebench.Compare {
    /// Without a measured Edge TPU row, the text verdict gains an `edgetpu (estimated)` row (printed only:
    /// never in --output, the history or a chart).
    func printEdgeTPUEstimate(_ report: BenchReport, configurations: [BenchConfiguration], runtime: RuntimeLocation) {
        guard (measurement.format ?? .text) == .text, !report.results.contains(where: { $0.backend == "edgetpu" && $0.available }),
              let baseline = report.results.first, baseline.available, let median = baseline.latencyMs?.p50 else { return }
        var seen = Set<String>(), lines: [String] = []
        for path in configurations.map(\.modelPath) where seen.insert(EdgeTPUEstimateReport.twinPath(of: path) ?? path).inserted {
            guard let file = try? ModelFile(path: path),
                  let entry = try? EdgeTPUEstimateReport.entry(
                      path: path, model: file.format, clock: .max, link: .usb3,
                      timeCPUPart: { CPUPartTiming.measure(model: $0, prediction: $1, runtime: runtime) },
                      readTwin: { FileManager.default.fileExists(atPath: $0) ? try ModelFile(path: $0).format : nil }),
                  entry.estimate != nil else { continue }
            lines += entry.comparisonLines(baselineLabel: baseline.label, baselineMilliseconds: median)
        }
        guard !lines.isEmpty else { return }
        print("")
        for line in lines { print(TerminalText.escape(line)) }
    }
}
