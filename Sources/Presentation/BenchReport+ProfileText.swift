import Foundation
import ModelFormat
import Results

extension BenchReport {
    /// Operators shown per configuration in text and Markdown (JSON has them all).
    public static let topOperatorCount = 10

    /// The memory table and, for profiled configurations, the top operators, the operator types, the part of
    /// the run outside every operator and the diff against the baseline: the text sections after the main table.
    func renderProfileSections(top: Int = BenchReport.topOperatorCount) -> String {
        var text = ""
        let measured = results.filter { $0.memory != nil }
        if !measured.isEmpty {
            text += "\nMemory (\(Memory.methodDescription)):\n"
            let header = ["configuration", "load", "compile", "first run", "RSS after", "peak RSS", "parameters", "peak activations"]
            let rows = measured.map { result -> [String] in
                let memory = result.memory!
                return [result.label, Self.megabytes(memory.loadDeltaBytes, signed: true), Self.megabytes(memory.compileDeltaBytes, signed: true),
                        Self.megabytes(memory.firstRunDeltaBytes, signed: true), Self.megabytes(memory.residentAfterFirstRunBytes),
                        Self.megabytes(memory.peakResidentBytes), Self.megabytes(memory.parameterBytes), Self.megabytes(memory.peakActivationBytes)]
            }
            text += TextTable.render(header: header, rows: rows)
        }
        for result in results {
            guard let profile = result.profile else { continue }
            text += "\nProfile of \(result.label): \(profile.runs) profiled runs, \(Milliseconds.format(profile.runMs)) ms per run; operators \(Milliseconds.format(profile.operatorsMs)) ms (\(Self.percent(profile.runMs > 0 ? profile.operatorsMs / profile.runMs : 0))), outside any operator \(Milliseconds.format(profile.outsideOperatorsMs)) ms\n"
            // Where the time went: the Edge TPU's custom op against the CPU ops around it, XNNPACK against CPU kernels.
            let placements = OperatorPlacement.allCases.compactMap { placement -> String? in
                let entries = profile.operators.filter { $0.placement == placement }
                guard !entries.isEmpty else { return nil }
                let perRun = entries.reduce(0) { $0 + $1.totalMs } / Double(profile.runs)
                return "\(placement.rawValue) \(Milliseconds.format(perRun)) ms (\(entries.count) op\(entries.count == 1 ? "" : "s"), \(Self.percent(profile.runMs > 0 ? perRun / profile.runMs : 0)))"
            }
            if placements.count > 1 { text += "Where: " + placements.joined(separator: ", ") + "\n" }
            let header = ["#", "where", "operator", "node", "count", "mean ms", "ms/run", "share"]
            let ranked = profile.operators.sorted { $0.totalMs > $1.totalMs }
            let rows = ranked.prefix(top).enumerated().map { rank, entry -> [String] in
                [String(rank + 1), entry.placement.rawValue, entry.operatorType.map { $0 == entry.name ? $0 : "\(entry.name) (\($0))" } ?? entry.name,
                 entry.node.map(String.init) ?? "-", String(entry.count), Milliseconds.format(entry.meanMs),
                 Milliseconds.format(entry.totalMs / Double(profile.runs)), Self.percent(entry.share)]
            }
            text += TextTable.render(header: header, rows: rows)
            if ranked.count > top { text += "(\(ranked.count - top) more operators in --format json)\n" }
            let groups = profile.mapping == "nodes" ? profile.byOperatorType : profile.byKernel
            text += profile.mapping == "nodes" ? "By operator type:\n" : "By kernel:\n"
            text += TextTable.render(header: ["where", profile.mapping == "nodes" ? "operator type" : "kernel", "events/run", "ms/run", "share"],
                                     rows: groups.prefix(top).map { group in
                [group.placement?.rawValue ?? "-", group.name, Milliseconds.format(Double(group.count) / Double(profile.runs)),
                 Milliseconds.format(group.perRunMs), Self.percent(group.share)]
            })
            for note in profile.notes { text += "note: \(note)\n" }
            if let diff = result.profileDiff {
                text += "Against the baseline (\(diff.note ?? "")):\n"
                if !diff.rows.isEmpty {
                    text += TextTable.render(header: [diff.basis == "operator_type" ? "operator type" : "kernel", "baseline ms/run", "this ms/run", "Δ ms", "ratio"],
                                             rows: diff.rows.prefix(top).map { row in
                        [row.name, Milliseconds.format(row.baselineMs), Milliseconds.format(row.candidateMs), String(format: "%+.3f", row.deltaMs),
                         row.candidateMs == 0 ? "gone" : (row.ratio.map { String(format: "%.2fx", $0) } ?? "new")]
                    })
                }
            }
        }
        return text
    }

    /// The profile sections in Markdown.
    func renderProfileMarkdown(top: Int = BenchReport.topOperatorCount) -> String {
        var text = ""
        let measured = results.filter { $0.memory != nil }
        if !measured.isEmpty {
            text += "\n**Memory** (\(Memory.methodDescription))\n\n| configuration | load | compile | first run | RSS after | peak RSS | parameters | peak activations |\n|---|---|---|---|---|---|---|---|\n"
            for result in measured {
                let memory = result.memory!
                text += "| \(TerminalText.escape(result.label)) | \(Self.megabytes(memory.loadDeltaBytes, signed: true)) | \(Self.megabytes(memory.compileDeltaBytes, signed: true)) | \(Self.megabytes(memory.firstRunDeltaBytes, signed: true)) | \(Self.megabytes(memory.residentAfterFirstRunBytes)) | \(Self.megabytes(memory.peakResidentBytes)) | \(Self.megabytes(memory.parameterBytes)) | \(Self.megabytes(memory.peakActivationBytes)) |\n"
            }
        }
        for result in results {
            guard let profile = result.profile else { continue }
            text += "\n**Profile of \(MarkdownText.cell(result.label))**: \(profile.runs) runs, \(Milliseconds.format(profile.runMs)) ms per run, operators \(Milliseconds.format(profile.operatorsMs)) ms, outside any operator \(Milliseconds.format(profile.outsideOperatorsMs)) ms\n\n"
            text += "| # | where | operator | node | mean ms | ms/run | share |\n|---|---|---|---|---|---|---|\n"
            for (rank, entry) in profile.operators.sorted(by: { $0.totalMs > $1.totalMs }).prefix(top).enumerated() {
                text += "| \(rank + 1) | \(entry.placement.rawValue) | \(MarkdownText.cell(entry.name)) | \(entry.node.map(String.init) ?? "-") | \(Milliseconds.format(entry.meanMs)) | \(Milliseconds.format(entry.totalMs / Double(profile.runs))) | \(Self.percent(entry.share)) |\n"
            }
            for note in profile.notes { text += "\n- \(note)" }
            if !profile.notes.isEmpty { text += "\n" }
            if let diff = result.profileDiff, !diff.rows.isEmpty {
                text += "\n| \(diff.basis == "operator_type" ? "operator type" : "kernel") | baseline ms/run | this ms/run | Δ ms |\n|---|---|---|---|\n"
                for row in diff.rows.prefix(top) {
                    text += "| \(MarkdownText.cell(row.name)) | \(Milliseconds.format(row.baselineMs)) | \(Milliseconds.format(row.candidateMs)) | \(String(format: "%+.3f", row.deltaMs)) |\n"
                }
            }
        }
        return text
    }

    /// CSV of every profiled operator (one row per operator per configuration), appended after a blank line.
    func renderProfileCSV() -> String {
        let profiled = results.filter { $0.profile != nil }
        guard !profiled.isEmpty else { return "" }
        var lines = ["", "label,placement,operator,node,operator_type,count,mean_ms,ms_per_run,share"]
        for result in profiled {
            let profile = result.profile!
            for entry in profile.operators {
                lines.append([result.label, entry.placement.rawValue, entry.name, entry.node.map(String.init) ?? "", entry.operatorType ?? "",
                              String(entry.count), String(format: "%.6g", entry.meanMs), String(format: "%.6g", entry.totalMs / Double(profile.runs)),
                              String(format: "%.6g", entry.share)].map(CSVText.field).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func megabytes(_ bytes: Int?, signed: Bool = false) -> String {
        guard let bytes else { return "-" }
        return String(format: signed ? "%+.1f MB" : "%.1f MB", Double(bytes) / 1_048_576)
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }
}
