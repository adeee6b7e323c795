import Foundation
import ModelFormat
import Results

extension CPUPartTiming {
    /// Times the CPU part of `model` (`runs` timed runs after one untimed first run).
    public static func measure(model: TFLiteModel, prediction: EdgeTPUPlacementPrediction, runs: Int = 10,
                               runtime: RuntimeLocation? = nil) -> CPUPartTiming {
        let bytes: [UInt8]
        do {
            guard let part = try model.cpuPartModel(prediction) else {
                return CPUPartTiming(milliseconds: 0, minimumMilliseconds: 0, runs: 0, note: "no CPU operators")
            }
            bytes = part
        } catch {
            return .notTimed("the CPU operators could not be copied into a model of their own (\(error.localizedDescription))")
        }
        let settings = RunSettings(threads: 1, kernels: .builtin)
        let lacking = CustomOperatorSupport.unsupportedOperators(in: model, settings: settings).map(\.name)
            .filter { name in prediction.cpuOperators.contains { $0.opcode == "CUSTOM(\(name))" } }
        if !lacking.isEmpty {
            return .notTimed("LiteRT cannot run \(lacking.joined(separator: ", ")) on the CPU")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("edgebench-cpu-part-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("cpu_part.tflite").path
            try AtomicFile.write(Data(bytes), to: path)
            let session = try Session(file: try ModelFile(path: path),
                                      settings: settings, runtime: runtime)
            try session.firstRun()
            let timings = try session.timedRuns(max(1, runs), includingFirst: false).map(\.milliseconds).sorted()
            let n = timings.count
            let median = n % 2 == 1 ? timings[n / 2] : (timings[n / 2 - 1] + timings[n / 2]) / 2
            return CPUPartTiming(milliseconds: median, minimumMilliseconds: timings[0], runs: n,
                                 note: "timed on this CPU: builtin kernels, 1 thread, zero inputs, median of \(n) runs")
        } catch {
            return .notTimed(error.localizedDescription)
        }
    }
}
