import Foundation
import Results

extension AccuracyReport {
    /// The environment stored with the run: the recorded one, else the current machine's (a report read from a file
    /// written before environments were recorded).
    public var recordedEnvironment: MachineFingerprint { environment ?? MachineFingerprint.current(runtime: nil) }
}
