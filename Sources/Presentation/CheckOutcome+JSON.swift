import Foundation
import Reports

extension CheckOutcome {
    /// The schema name of `renderJSON()`'s document.
    public static let schemaName = "edgebench.check/1"

    /// A JSON document for CI: `schema`, `metric`, `max_regression`, `status`, `exit_status`, `comparisons`
    /// (`label`, `baseline_label`, `matched_by`, `baseline_ms`, `current_ms`, `ratio`, `change`, `ratio_ci`
    /// [lower, upper], `baseline_samples`, `current_samples`, `verdict`), `not_compared` (`label`, `reason`),
    /// `notes`, `method`. Absent or non-finite values are `null`, never omitted.
    public func renderJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(self)), as: UTF8.self) + "\n"
    }

    /// One row per comparison, then one per result not compared (with its reason), under a header line.
    public func renderCSV() -> String {
        var lines = ["label,baseline_label,matched_by,baseline_ms,current_ms,change,ratio_ci_lower,ratio_ci_upper,baseline_samples,current_samples,verdict,reason,baseline_machine,current_machine,any_machine"]
        func number(_ value: Double) -> String { value.isFinite ? JSONNumber.format(value) : "" }
        // Every row says which machines were compared, and whether --any-machine allowed them to differ.
        let machineFields = [machines?.baseline.name ?? "", machines?.current.name ?? "", (machines?.anyMachine ?? false) ? "true" : "false"]
        for comparison in comparisons {
            lines.append(([comparison.label, comparison.baselineLabel, comparison.matchedByLabel ? "label" : "configuration",
                          number(comparison.baselineValue), number(comparison.currentValue), number(comparison.ratio - 1),
                          number(comparison.lower), number(comparison.upper), String(comparison.baselineSamples),
                          String(comparison.currentSamples), comparison.verdict.rawValue, ""] + machineFields).map(CSVText.field).joined(separator: ","))
        }
        for item in notCompared {
            lines.append(([item.label, "", "", "", "", "", "", "", "", "", "not compared", item.reason] + machineFields).map(CSVText.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON shape, written by hand so that absent values are `null` rather than left out.
    private struct Document: Encodable {
        let outcome: CheckOutcome
        init(_ outcome: CheckOutcome) { self.outcome = outcome }

        enum Key: String, CodingKey {
            case schema, metric, maxRegression = "max_regression", status, exitStatus = "exit_status", comparisons
            case notCompared = "not_compared", notes, method
            case anyMachine = "any_machine", machines
            // Added with accuracy checks (AccuracyCheck.swift): "latency" here, and no accuracy threshold.
            case kind, maxAccuracyDrop = "max_accuracy_drop"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(CheckOutcome.schemaName, forKey: .schema)
            try container.encode(outcome.metric.rawValue, forKey: .metric)
            try container.encode("latency", forKey: .kind)
            try container.encode(Double?.none, forKey: .maxAccuracyDrop)
            try container.encode(outcome.maxRegression, forKey: .maxRegression)
            try container.encode(outcome.status.rawValue, forKey: .status)
            try container.encode(outcome.exitStatus, forKey: .exitStatus)
            try container.encode(outcome.comparisons.map(ComparisonDocument.init), forKey: .comparisons)
            try container.encode(outcome.notCompared.map { ["label": $0.label, "reason": $0.reason] }, forKey: .notCompared)
            try container.encode(outcome.notes, forKey: .notes)
            try container.encode("change = current/baseline - 1; 95% CI: " + outcome.metric.intervalMethod, forKey: .method)
            // any_machine: true when --any-machine let machines that differ be compared; machines: null when unknown.
            try container.encode(outcome.machines.map { $0.anyMachine && !$0.same } ?? false, forKey: .anyMachine)
            try container.encode(outcome.machines.map(MachinesDocument.init), forKey: .machines)
        }
    }

    private struct MachinesDocument: Encodable {
        let machines: CheckMachines
        init(_ machines: CheckMachines) { self.machines = machines }

        enum Key: String, CodingKey { case baseline, current, same, anyMachineFlag = "any_machine_flag" }
        enum MachineKey: String, CodingKey { case name, cpuModel = "cpu_model", logicalCores = "logical_cores", kernel, os }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (key, machine) in [(Key.baseline, machines.baseline), (.current, machines.current)] {
                var nested = container.nestedContainer(keyedBy: MachineKey.self, forKey: key)
                try nested.encode(machine.name, forKey: .name)
                try nested.encode(machine.cpuModel, forKey: .cpuModel)
                try nested.encode(machine.logicalCores, forKey: .logicalCores)
                try nested.encode(machine.kernel, forKey: .kernel)
                try nested.encode(machine.os, forKey: .os)
            }
            try container.encode(machines.same, forKey: .same)
            try container.encode(machines.anyMachine, forKey: .anyMachineFlag)
        }
    }

    private struct ComparisonDocument: Encodable {
        let comparison: Comparison

        enum Key: String, CodingKey {
            case label, baselineLabel = "baseline_label", matchedBy = "matched_by", baselineMs = "baseline_ms"
            case currentMs = "current_ms", ratio, change, ratioCI = "ratio_ci", baselineSamples = "baseline_samples"
            case currentSamples = "current_samples", verdict
        }

        func encode(to encoder: Encoder) throws {
            func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(comparison.label, forKey: .label)
            try container.encode(comparison.baselineLabel, forKey: .baselineLabel)
            try container.encode(comparison.matchedByLabel ? "label" : "configuration", forKey: .matchedBy)
            try container.encode(finite(comparison.baselineValue), forKey: .baselineMs)
            try container.encode(finite(comparison.currentValue), forKey: .currentMs)
            try container.encode(finite(comparison.ratio), forKey: .ratio)
            try container.encode(finite(comparison.ratio - 1), forKey: .change)
            try container.encode([finite(comparison.lower), finite(comparison.upper)], forKey: .ratioCI)
            try container.encode(comparison.baselineSamples, forKey: .baselineSamples)
            try container.encode(comparison.currentSamples, forKey: .currentSamples)
            try container.encode(comparison.verdict.rawValue, forKey: .verdict)
        }
    }
}
