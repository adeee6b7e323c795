import Foundation
import ModelFormat
import Results

/// The human-readable forms of `edgebench estimate`'s report: text and Markdown (JSON is the report encoded).
public enum EstimateText {
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

    /// The text table: placement, estimate and its breakdown per model.
    public static func text(_ report: EdgeTPUEstimateReport) -> String {
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

    /// One Markdown table row per model.
    public static func markdown(_ report: EdgeTPUEstimateReport) -> String {
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

extension EdgeTPUEstimateReport.Entry {
    /// The `edgetpu (estimated)` row beside measured rows: the estimate, its range, and the verdict against a
    /// measured baseline worded as an estimate. Printed only; never stored or charted as a measurement.
    public func comparisonLines(baselineLabel: String, baselineMilliseconds: Double) -> [String] {
        let name = (model as NSString).lastPathComponent
        guard let e = estimate else {
            return ["edgetpu (estimated) \(name): no estimate: \(noEstimateReason ?? "unknown")"]
        }
        let cpu = (e.cpuOperatorsNotTimed.isEmpty ? 0 : cpuTiming?.milliseconds) ?? 0
        let timed = e.cpuOperatorsNotTimed.isEmpty || cpuTiming?.milliseconds != nil
        let (mid, low, high) = (e.milliseconds + cpu, e.lowMilliseconds + cpu, e.highMilliseconds + cpu)
        let setup = "\(e.link.rawValue), \(e.clock.rawValue) clock" + (e.calibrated ? "" : ", uncalibrated")
        var lines = [String(format: "edgetpu (estimated, %@) %@: ≈ %.2f ms, range %.2f–%.2f ms%@ — not measured",
                            setup, name, mid, low, high,
                            timed ? (cpu > 0 ? String(format: " (incl. %.2f ms of CPU operators measured here)", cpu) : "")
                                  : " (its CPU operators not timed)")]
        let ratio = baselineMilliseconds / mid
        lines.append(ratio >= 1
            ? String(format: "verdict (estimated): ≈ %.1fx faster than %@, range %.1fx–%.1fx", ratio, baselineLabel,
                     baselineMilliseconds / high, baselineMilliseconds / low)
            : String(format: "verdict (estimated): ≈ %.1fx slower than %@, range %.1fx–%.1fx", 1 / ratio, baselineLabel,
                     low / baselineMilliseconds, high / baselineMilliseconds))
        return lines
    }
}

extension EdgeTPUSeedComparison {
    /// Two or three lines: the measured CPU side, the estimated Edge TPU side, the verdict as an estimate.
    public var lines: [String] {
        let cpu = String(format: "CPU (measured): median %.2f ms, min %.2f ms over %d warm runs",
                         cpuMedianMilliseconds, cpuMinimumMilliseconds, cpuRuns)
        guard let e = estimate else {
            return [cpu, "edgetpu (estimated): nothing maps to the Edge TPU: " + (nothingMapsReason ?? "unknown")]
        }
        let setup = "\(e.link.rawValue), \(e.clock.rawValue) clock" + (e.calibrated ? "" : ", uncalibrated")
        var out = [cpu, String(format: "edgetpu (estimated, %@): ≈ %.2f ms, range %.2f–%.2f ms — not measured",
                               setup, e.milliseconds, e.lowMilliseconds, e.highMilliseconds)]
        let ratio = cpuMedianMilliseconds / e.milliseconds
        let verdict = ratio >= 1
            ? String(format: "≈ %.1fx faster than this CPU, estimated, range %.1fx–%.1fx", ratio,
                     cpuMedianMilliseconds / e.highMilliseconds, cpuMedianMilliseconds / e.lowMilliseconds)
            : String(format: "≈ %.1fx slower than this CPU, estimated, range %.1fx–%.1fx", 1 / ratio,
                     e.lowMilliseconds / cpuMedianMilliseconds, e.highMilliseconds / cpuMedianMilliseconds)
        out.append("verdict: the Edge TPU would be " + verdict
                   + (e.cpuOperatorsNotTimed.isEmpty ? "" : " (its \(e.cpuOperatorsNotTimed.count) CPU operators not timed)"))
        return out
    }
}
