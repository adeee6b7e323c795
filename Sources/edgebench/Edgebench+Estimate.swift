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
            case .markdown: print(Self.markdown(report), terminator: "")
            case .text: print(Self.text(report), terminator: "")
            case .csv: try format.require([.text, .json, .markdown], command: "estimate")  // no csv table for estimates
            }
        }

        static func ms(_ value: Double) -> String { Milliseconds.format(value) }

        static func bytes(_ value: Int) -> String {
            if value < 1024 { return "\(value) B" }
            if value < 1 << 20 { return String(format: "%.1f KiB", Double(value) / 1024) }
            return String(format: "%.2f MiB", Double(value) / Double(1 << 20))
        }

        static func label(_ e: EdgeTPULatencyEstimate) -> String {
            let link = ["usb3": "USB 3", "usb2": "USB 2", "pcie": "PCIe"][e.link.rawValue] ?? e.link.rawValue
            return "\(link), \(e.clock.rawValue) clock, " + (e.calibrated ? "calibrated" : "uncalibrated")
        }

        static func boundText(_ bound: EdgeTPULatencyEstimate.Bound) -> String {
            switch bound {
            case .compute: return "compute"
            case .bus: return "the bus (streamed parameters and I/O)"
            case .fixedCosts: return "fixed per-layer and per-invoke costs"
            }
        }

        /// `RESIZE_BILINEAR ×3, CONCATENATION` in first-seen order.
        static func grouped(_ names: [String]) -> String {
            var order: [String] = [], counts: [String: Int] = [:]
            for n in names { if counts[n] == nil { order.append(n) }; counts[n, default: 0] += 1 }
            return order.map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]!)" : $0 }.joined(separator: ", ")
        }

        static func text(_ report: EdgeTPUEstimateReport) -> String {
            var out: [String] = []
            for e in report.entries {
                out.append(e.model)
                let source = e.source == .predicted ? "predicted" : "from the compiled package"
                if e.source == .predicted && e.mappedOperatorCount == 0 {
                    out.append("  placement (predicted): nothing maps")
                } else {
                    out.append("  placement (\(source)): "
                               + (e.source == .compiledPackage && e.twin == nil ? "" :
                                  "\(e.mappedOperatorCount) of \(e.twin == nil ? e.operatorCount : e.mappedOperatorCount + e.cpuOperators.count) operators on the Edge TPU, ")
                               + "\(e.subgraphs) subgraph\(e.subgraphs == 1 ? "" : "s"), \(e.cpuOperators.count) on the CPU; "
                               + "\(bytes(e.cachedParameterBytes)) cached, \(bytes(e.streamedParameterBytes)) streamed per inference")
                }
                if let reason = e.noEstimateReason { out.append("  no estimate: \(reason)") }
                if let est = e.estimate {
                    out.append("  Edge TPU (estimated, \(label(est))): ≈ \(ms(est.milliseconds)) ms, "
                               + "range \(ms(est.lowMilliseconds))–\(ms(est.highMilliseconds)) ms")
                    let b = est.breakdown
                    out.append("    invoke \(ms(b.invokeMilliseconds)) + layers \(ms(b.layerMilliseconds)) + compute "
                               + "\(ms(b.computeMilliseconds)) + transfer \(ms(b.transferMilliseconds)) ms; bound by \(boundText(est.bound))")
                    if !est.cpuOperatorsNotTimed.isEmpty {
                        let ops = grouped(est.cpuOperatorsNotTimed)
                        if let timing = e.cpuTiming, let cpu = timing.milliseconds, let total = e.totalMilliseconds {
                            out.append("    CPU operators (\(ops)): \(ms(cpu)) ms, \(timing.note)")
                            out.append("  total (estimated Edge TPU part + measured CPU part): ≈ \(ms(total)) ms, range "
                                       + "\(ms(est.lowMilliseconds + cpu))–\(ms(est.highMilliseconds + cpu)) ms")
                        } else {
                            out.append("    CPU operators \(e.cpuTiming?.note ?? "not timed") (\(ops)): the figure covers the Edge TPU part only")
                        }
                    }
                }
            }
            out.append("Estimates from a model fitted on Coral's published latencies; not measurements (see the README).")
            return out.map { TerminalText.escape($0) }.joined(separator: "\n") + "\n"
        }

        static func markdown(_ report: EdgeTPUEstimateReport) -> String {
            func cell(_ s: String) -> String { MarkdownText.cell(s) }
            var out = ["| model | on Edge TPU | CPU ops | cached | streamed | estimate (ms) | range (ms) | setup | bound |",
                       "|---|---:|---|---:|---:|---:|---|---|---|"]
            for e in report.entries {
                let est = e.estimate
                out.append("| " + [
                    cell((e.model as NSString).lastPathComponent),
                    "\(e.mappedOperatorCount)/\(e.mappedOperatorCount + e.cpuOperators.count)",
                    cell(e.cpuOperators.isEmpty ? "none" : grouped(e.cpuOperators) + (est == nil ? "" : " (not timed)")),
                    bytes(e.cachedParameterBytes), bytes(e.streamedParameterBytes),
                    est.map { "≈ " + ms($0.milliseconds) } ?? "—",
                    est.map { ms($0.lowMilliseconds) + "–" + ms($0.highMilliseconds) } ?? cell(e.noEstimateReason ?? "—"),
                    est.map(label) ?? "—",
                    est.map { boundText($0.bound) } ?? "—",
                ].joined(separator: " | ") + " |")
            }
            out.append("")
            out.append("_Estimated, not measured: a model fitted on Coral's published latencies (see the README)._")
            return out.joined(separator: "\n") + "\n"
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
