import Foundation
import ModelFormat
import Results

extension BenchAnalysis {
    /// Edge TPU models compiled together share one parameter-caching token: on one device they share the
    /// on-chip cache, so running them alternately (as bench does) re-uploads parameters unless co-compiled.
    public static func coCompilationNotes(_ configurations: [BenchConfiguration]) -> [String] {
        var models: [UInt64: Set<String>] = [:]
        for configuration in configurations where configuration.settings.backend == .edgetpu {
            guard let file = try? ModelFile(path: configuration.modelPath),
                  let placement = try? file.format.edgeTPUPlacement(), placement.cachingToken != 0 else { continue }
            models[placement.cachingToken, default: []].insert(file.name)
        }
        var notes: [String] = []
        for (token, names) in models.sorted(by: { $0.key < $1.key }) where names.count > 1 {
            notes.append("co-compiled Edge TPU models share caching token \(String(token, radix: 16)): \(names.sorted().joined(separator: ", ")) can keep their parameters on the chip together")
        }
        let distinct = models.keys.count
        if distinct > 1 {
            notes.append("\(distinct) Edge TPU models with different caching tokens are measured alternately: on one device each switch re-uploads parameters (co-compile them with the Edge TPU Compiler to share the cache)")
        }
        return notes
    }
}
