import Foundation
import Results
import ModelFormat

/// The text form of `edgebench classify`'s report.
public enum ClassificationText {
    public static func render(_ report: ClassificationReport) -> String {
        // CPU kernels and threads mean nothing for a GPU or Edge TPU run.
        let runsOn = report.backend == "cpu" ? "\(report.backend), \(report.kernels), \(report.threads) thread\(report.threads == 1 ? "" : "s")" : report.backend
        var text = "Model:   \(TerminalText.escape((report.model as NSString).lastPathComponent))  (\(runsOn))\n"
        text += "Image:   \(TerminalText.escape((report.image as NSString).lastPathComponent))\n"
        text += "----INFERENCE TIME----\n"
        for (index, milliseconds) in report.timingsMs.enumerated() {
            let digits = Milliseconds.format(milliseconds)
            text += String(repeating: " ", count: max(8 - digits.count, 0)) + digits + " ms" + (index == 0 ? "  (cold: first run prepares the model)" : "") + "\n"
        }
        text += "-------RESULTS--------\n"
        for result in report.results {
            text += "\(result.label.map { TerminalText.escape($0) } ?? "class \(result.index)"): " + String(format: "%.5f", result.score) + "\n"
        }
        if report.results.isEmpty { text += "(no class scored at least the threshold)\n" }
        return TerminalText.escape(text, keepingLineBreaks: true)
    }
}

/// The text form of `edgebench run`'s report.
public enum RawRunText {
    public static func render(_ report: RawRunReport) -> String {
        var text = ""
        for (index, milliseconds) in report.timingsMs.enumerated() {
            text += "run \(index + 1): \(Milliseconds.format(milliseconds)) ms" + (index == 0 ? " (cold)" : "") + "\n"
        }
        for input in report.inputs where input.source != "numbers" {
            text += "input \(input.name) \(input.type) \(input.shape): \(input.source)\n"
        }
        for output in report.outputs {
            let values = output.values.prefix(64).map { String(format: "%.6g", $0) }.joined(separator: ", ")
            text += "\(TerminalText.escape(output.name)) \(output.type) \(output.shape): [\(values)\(output.values.count > 64 ? ", …" : "")]\n"
        }
        if let detections = report.detections {
            text += "detections: \(detections.count)\n"
            for (index, detection) in detections.detections.enumerated() {
                let box = detection.box.map { String(format: "%.4f", $0) }.joined(separator: ", ")
                text += String(format: "  %2d  class %d  score %.5f  box [", index, detection.classIndex, detection.score) + box + "]\n"
            }
        }
        return TerminalText.escape(text, keepingLineBreaks: true)
    }
}
