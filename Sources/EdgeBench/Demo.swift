import Foundation
import ModelFormat

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
        let cache = RuntimeLocation.cacheRoot(environment: environment) + "/models"
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

    /// The fallback when no real model is available: synthetic MobileNet v2 models (float32 and int8),
    /// written once into the cache, and an image (the one given, a fixture, or a generated test pattern).
    /// The timings are real; the labels are meaningless (the weights are synthetic).
    public static func synthetic(image: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [DemoPlan] {
        let cache = RuntimeLocation.cacheRoot(environment: environment) + "/models"
        try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        var plans: [DemoPlan] = []
        let imagePath = try image ?? testPattern(in: cache)
        for dtype in [SyntheticDType.float32, .int8] {
            let path = cache + "/synthetic_mobilenet_v2_1.0_224_\(dtype.rawValue).tflite"
            if !FileManager.default.fileExists(atPath: path) {
                let bytes = try SyntheticModels.make(.mobilenetV2, alpha: 1.0, size: 224, dtype: dtype)
                try AtomicFile.write(Data(bytes), to: path)
            }
            plans.append(DemoPlan(modelPath: path, imagePath: imagePath, origin: "synthetic", labelsPath: nil))
        }
        return plans
    }

    /// A 224x224 colour-gradient BMP, written once.
    static func testPattern(in directory: String) throws -> String {
        let path = directory + "/test_pattern_224.bmp"
        if FileManager.default.fileExists(atPath: path) { return path }
        let size = 224
        let rowBytes = size * 3  // 672, already a multiple of 4
        var bytes: [UInt8] = Array("BM".utf8)
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        func le16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        bytes += le32(54 + rowBytes * size) + le32(0) + le32(54)
        bytes += le32(40) + le32(size) + le32(size) + le16(1) + le16(24) + le32(0) + le32(rowBytes * size) + le32(2835) + le32(2835) + le32(0) + le32(0)
        for y in 0..<size {
            for x in 0..<size {
                bytes += [UInt8(x * 255 / (size - 1)), UInt8(y * 255 / (size - 1)), UInt8((x + y) * 255 / (2 * size - 2))]  // B, G, R
            }
        }
        try AtomicFile.write(Data(bytes), to: path)
        return path
    }
}
