import Foundation

/// Picks what `edgebench demo` runs: the seed experiment's model and an image.
public struct DemoPlan: Sendable, Equatable {
    public var modelPath: String
    public var imagePath: String
    /// Why this model was chosen (shown to the user).
    public var origin: String
    /// A labels file to use when the model has none embedded (the fixtures' ImageNet labels).
    public var labelsPath: String?

    /// The seed's model and image.
    public static let seedModel = "mobilenet_v2_1.0_224_quant.tflite"
    public static let seedImage = "parrot.jpg"

    /// The fixtures folder: `EDGEBENCH_FIXTURES`, else `../shared/fixtures` from the current directory.
    public static func fixturesDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["EDGEBENCH_FIXTURES"], !path.isEmpty { return path }
        return FileManager.default.currentDirectoryPath + "/../shared/fixtures"
    }

    /// Chooses a model: the one given, else the seed model among the fixtures, else a cached copy
    /// in `~/.cache/edgebench/models/`.
    /// - Throws: `EdgeBenchError.noDemoModel` listing where it looked.
    public static func choose(model: String?, image: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DemoPlan {
        let fixtures = fixturesDirectory(environment: environment)
        let fileManager = FileManager.default
        let defaultImage = [fixtures + "/images/" + seedImage, fixtures + "/images/cat.bmp"]
            .first { fileManager.fileExists(atPath: $0) }
        let labels = [fixtures + "/labels/imagenet_labels.txt"].first { fileManager.fileExists(atPath: $0) }
        if let model {
            return DemoPlan(modelPath: model, imagePath: image ?? defaultImage ?? seedImage, origin: "given", labelsPath: labels)
        }
        let cache = (RuntimeLocation.cacheDirectory(environment: environment) as NSString)
            .deletingLastPathComponent.replacingOccurrences(of: "/litert", with: "/models")
        let candidates = [(fixtures + "/models/" + seedModel, "fixtures"), (cache + "/" + seedModel, "cache")]
        for (path, origin) in candidates where fileManager.fileExists(atPath: path) {
            let cachedImage = cache + "/" + seedImage
            let chosenImage = image ?? defaultImage ?? (fileManager.fileExists(atPath: cachedImage) ? cachedImage : nil)
            if let chosenImage {
                return DemoPlan(modelPath: path, imagePath: chosenImage, origin: origin, labelsPath: labels)
            }
        }
        throw EdgeBenchError.noDemoModel(searched: candidates.map(\.0))
    }
}
