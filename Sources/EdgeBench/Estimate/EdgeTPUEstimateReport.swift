import Foundation
import ModelFormat
import Results

extension EdgeTPUEstimateReport {
    /// Estimates one model file.
    /// - Parameters:
    ///   - path: The model as given; a compiled `X_edgetpu.tflite` looks for `X.tflite` beside it.
    ///   - model: The parsed model.
    ///   - readTwin: Reads the twin (so the caller keeps its file checks and limits); nil when it is absent.
    public static func entry(path: String, model: TFLiteModel, clock: EdgeTPUClock, link: EdgeTPULink,
                             latency: EdgeTPULatencyModel = .calibrated,
                             timeCPUPart: ((TFLiteModel, EdgeTPUPlacementPrediction) -> CPUPartTiming)? = nil,
                             readTwin: (String) throws -> TFLiteModel?) throws -> Entry {
        var entry = try untimedEntry(path: path, model: model, clock: clock, link: link, latency: latency, readTwin: readTwin)
        if let timeCPUPart, let estimate = entry.estimate, !estimate.cpuOperatorsNotTimed.isEmpty {
            let source = try entry.twin.flatMap(readTwin) ?? model
            entry.cpuTiming = timeCPUPart(source, source.predictEdgeTPUPlacement())
        }
        return entry
    }

    private static func untimedEntry(path: String, model: TFLiteModel, clock: EdgeTPUClock, link: EdgeTPULink,
                                     latency: EdgeTPULatencyModel,
                                     readTwin: (String) throws -> TFLiteModel?) throws -> Entry {
        let operatorCount = model.mainSubgraph.operators.count
        guard model.isEdgeTPUCompiled else {
            let p = model.predictEdgeTPUPlacement()
            return Entry(model: path, source: .predicted, twin: nil, operatorCount: operatorCount,
                         mappedOperatorCount: p.mappedOperatorCount, cpuOperators: p.cpuOperators.map(\.opcode),
                         subgraphs: p.subgraphs, cachedParameterBytes: p.cachedParameterBytes,
                         streamedParameterBytes: p.streamedParameterBytes,
                         noEstimateReason: p.nothingMapsReason.map { "nothing maps: " + $0 },
                         estimate: p.nothingMaps ? nil : latency.estimate(EdgeTPUWorkload(model: model, prediction: p),
                                                                          clock: clock, link: link))
        }
        guard let package = try model.edgeTPUPlacement() else {
            throw ModelFormatError.badEdgeTPUPackage(reason: "no Edge TPU operator")
        }
        let twinPath = twinPath(of: path)
        let twin = try twinPath.flatMap(readTwin)
        var entry = Entry(model: path, source: .compiledPackage, twin: twin == nil ? nil : twinPath,
                          operatorCount: operatorCount, mappedOperatorCount: 0, cpuOperators: package.cpuOps,
                          subgraphs: package.subgraphs, cachedParameterBytes: package.cachedParameterBytes,
                          streamedParameterBytes: package.streamedParameterBytes, noEstimateReason: nil, estimate: nil)
        guard let twin else {
            entry.noEstimateReason = "a compiled package does not list the operators it runs: put the uncompiled "
                + "model (\((twinPath.map { ($0 as NSString).lastPathComponent }) ?? "X.tflite")) beside it to estimate"
            return entry
        }
        // The twin gives the operators and their MACs; the package's own facts beat the prediction.
        let prediction = twin.predictEdgeTPUPlacement()
        var workload = EdgeTPUWorkload(model: twin, prediction: prediction)
        workload.streamedParameterBytes = package.streamedParameterBytes
        workload.cpuOperators = package.cpuOps
        entry.mappedOperatorCount = twin.mainSubgraph.operators.count - package.cpuOps.count
        entry.estimate = latency.estimate(workload, clock: clock, link: link)
        return entry
    }
}
