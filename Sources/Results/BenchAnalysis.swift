import Foundation
import Benchmarking

/// Reads a report for traps and writes the verdict sentence.
public enum BenchAnalysis {
    /// Coefficient of variation above which run-to-run spread is called high.
    public static let highSpread = 0.05

    public static func warnings(for report: BenchReport) -> [String] {
        var warnings: [String] = []
        let measured = report.results.filter { $0.available && $0.latencyMs != nil }
        // More threads, slower: same model/backend/kernels, more threads, higher median.
        for result in measured {
            for other in measured where other.model == result.model && other.backend == result.backend
                && other.kernels == result.kernels && other.threads > result.threads {
                if let fast = result.latencyMs?.p50, let slow = other.latencyMs?.p50, slow > fast * 1.05 {
                    warnings.append(String(format: "more threads is slower: %@ at %d threads (p50 %.2f ms) vs %d thread%@ (p50 %.2f ms) — %.1fx slower",
                                           "\(result.kernels) on \((result.model as NSString).lastPathComponent)", other.threads, slow,
                                           result.threads, result.threads == 1 ? "" : "s", fast, slow / fast))
                }
            }
        }
        for result in measured {
            if let cv = result.coefficientOfVariation, cv > highSpread {
                warnings.append(String(format: "high run-to-run spread for %@: coefficient of variation %.1f%% (over 5%%); the machine is noisy or throttling", result.label, cv * 100))
            }
            if result.samples < LatencyStatistics.reliableTailSampleCount {
                warnings.append("only \(result.samples) samples for \(result.label): p90 and above are unreliable (\(LatencyStatistics.reliableTailSampleCount) or more recommended)")
            }
        }
        let governor = report.environment.governor
        if governor != "performance" {
            warnings.append(governor == "unknown"
                ? "the CPU frequency governor is not exposed (virtual machine?); frequency scaling may affect results"
                : "the CPU frequency governor is '\(governor)', not 'performance'; frequency scaling may affect results")
        }
        if report.settings.interrupted { warnings.append("interrupted: results cover only the rounds measured before Ctrl-C") }
        return warnings
    }

    /// "cpu xnnpack 2 threads is 1.9x faster than cpu xnnpack 1 thread (95% CI 1.87–1.93); top-1 agrees on 1/1 image".
    public static func verdict(for report: BenchReport) -> String? {
        // The baseline is the first configuration that ran (speedups are computed against it).
        guard let baselineIndex = report.results.firstIndex(where: { $0.available }), report.results.count > 1 else { return nil }
        let baseline = report.results[baselineIndex]
        var sentences: [String] = []
        for (index, result) in report.results.enumerated() where index != baselineIndex {
            let name = describe(result, against: baseline)
            let base = describe(baseline, against: result)
            guard result.available, let ratio = result.speedup else {
                let reason = (result.unavailableReason ?? "it could not run").trimmingCharacters(in: CharacterSet(charactersIn: ". "))
                sentences.append("\(name) is unavailable: \(reason)")
                continue
            }
            var sentence: String
            if !ratio.isSignificant {
                sentence = String(format: "%@ and %@ are equally fast within noise (ratio %.2f, 95%% CI %.2f–%.2f)", name, base, ratio.median, ratio.lower, ratio.upper)
            } else if ratio.median >= 1 {
                sentence = String(format: "%@ is %.2fx faster than %@ (95%% CI %.2f–%.2f)", name, ratio.median, base, ratio.lower, ratio.upper)
            } else {
                sentence = String(format: "%@ is %.2fx slower than %@ (95%% CI %.2f–%.2f)", name, 1 / ratio.median, base, 1 / ratio.upper, 1 / ratio.lower)
            }
            if let agreement = result.agreement {
                let noun = report.settings.agreementInput.hasPrefix("images") ? "image" : "\(report.settings.agreementInput) input"
                sentence += "; top-1 agrees on \(agreement.top1Agree)/\(agreement.inputs) \(noun)\(agreement.inputs == 1 ? "" : "s")"
                if let diff = agreement.maxAbsDiff { sentence += String(format: " (max |Δ| %.3g)", diff) }
            }
            sentences.append(sentence)
        }
        return sentences.joined(separator: ". ")
    }

    /// Names a result by what differs from `other`: the model when models differ, then the settings.
    static func describe(_ result: BenchReport.Result, against other: BenchReport.Result) -> String {
        let settings: String
        switch result.backend {
        case "cpu": settings = "cpu \(result.kernels) \(result.threads) thread\(result.threads == 1 ? "" : "s")"
        case "edgetpu": settings = "edgetpu" + (result.device.map { "@" + $0 } ?? "")
        default: settings = result.backend
        }
        if result.model != other.model { return "\((result.model as NSString).lastPathComponent) (\(settings))" }
        return settings
    }
}
