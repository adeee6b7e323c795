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
    /// The baseline was measured on another machine (name or fingerprint) and `--any-machine` was not given.
    case differentMachine(baseline: String, current: String, differences: [String])

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
        case let .differentMachine(baseline, current, differences):
            return "the baseline was measured on another machine: \(baseline), this run is on \(current) (\(differences.joined(separator: "; "))); "
                + "latencies of two machines are not a regression check — pass --any-machine to compare them anyway, "
                + "or give --machine-name if this is the same machine under another name"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .nothingToCompare, .missingFromCurrent, .baselineHasNothingToMeasure: .badInput
        // A usage-level refusal, not bad input: both runs are valid, the user asked for a comparison across machines
        // without saying so; the flag (--any-machine) turns it into a check, as a missing option would (64).
        case .differentMachine: .usage
        }
    }
}
