import Foundation
import Results

/// Why `check` gives no verdict. These are input errors (exit 3): `check`'s 2 and 4 stay verdicts only, and
/// comparing nothing is never "within threshold".
public enum CheckError: Error, Equatable, Sendable, LocalizedError, ExitStatusProviding {
    /// No current result could be compared with a baseline result.
    case nothingToCompare(baseline: [String], current: [String])
    /// Configurations of the baseline that the current run does not have.
    case missingFromCurrent(labels: [String])
    /// The baseline has no configuration that ran, so there is nothing to measure again.
    case baselineHasNothingToMeasure(baseline: String)

    public var errorDescription: String? {
        func list(_ labels: [String]) -> String { labels.isEmpty ? "(none)" : labels.joined(separator: "; ") }
        switch self {
        case let .nothingToCompare(baseline, current):
            return "nothing to compare: no configuration of the current run matches a measured one of the baseline. "
                + "Baseline: \(list(baseline)). Current: \(list(current)). Check that both measured the same models and settings."
        case let .missingFromCurrent(labels):
            return "the current run lacks \(labels.count) configuration\(labels.count == 1 ? "" : "s") of the baseline: \(list(labels)); "
                + "measure them too, or pass --allow-missing to check the rest"
        case let .baselineHasNothingToMeasure(baseline):
            return "the baseline \(baseline) has no configuration that ran; nothing to measure again (give a baseline with measured results)"
        }
    }

    public var exitStatus: ExitStatus { .badInput }
}
