import Foundation
import ModelFormat
import Results

extension BenchReport.Memory {
    /// The footprint of one configuration: resident-memory deltas of its session's phases beside the reader's figures.
    /// - Parameters:
    ///   - phases: `/proc/self/status` readings taken while the session opened.
    ///   - model: The model's file, for its parameter and peak activation bytes.
    public init(phases: MemoryPhases, model: TFLiteModel) {
        func delta(_ before: ProcessMemory?, _ after: ProcessMemory?) -> Int? {
            guard let before, let after else { return nil }
            return after.residentBytes - before.residentBytes
        }
        let cost = model.cost()
        self.init(loadDeltaBytes: delta(phases.beforeLoad, phases.afterModelLoad),
                  compileDeltaBytes: delta(phases.afterModelLoad, phases.afterCompile),
                  firstRunDeltaBytes: delta(phases.afterCompile, phases.afterFirstRun),
                  residentAfterFirstRunBytes: phases.afterFirstRun?.residentBytes,
                  peakResidentBytes: phases.afterFirstRun?.peakResidentBytes,
                  parameterBytes: cost.parameterBytesTotal, peakActivationBytes: cost.peakActivationBytes)
    }
}
