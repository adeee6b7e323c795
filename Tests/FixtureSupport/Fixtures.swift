import Foundation

/// Where the shared fixtures are (EDGEBENCH_FIXTURES, default ../shared/fixtures next to the package),
/// whether the LiteRT runtime is installed, and temporary folders — shared by the test targets.
public enum Fixtures {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let directory: String = {
        if let path = ProcessInfo.processInfo.environment["EDGEBENCH_FIXTURES"], !path.isEmpty {
            return URL(fileURLWithPath: path, relativeTo: packageRoot).standardizedFileURL.path
        }
        return packageRoot.appendingPathComponent("../shared/fixtures").standardizedFileURL.path
    }()

    public static var available: Bool { FileManager.default.fileExists(atPath: directory + "/models") }
    public static func model(_ name: String) -> String { directory + "/models/" + name }
    public static func image(_ name: String) -> String { directory + "/images/" + name }
    public static func labels(_ name: String) -> String { directory + "/labels/" + name }

    /// The bytes of `models/<name>`.
    public static func modelBytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: model(name)))) }
    /// The bytes of `images/<name>`.
    public static func imageBytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: image(name)))) }
    /// The `.tflite` files in `models/`, sorted.
    public static var allModelNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/models")) ?? []).filter { $0.hasSuffix(".tflite") }.sorted()
    }
    /// Whether the fixture images are present (`images/parrot.jpg`).
    public static var imagesAvailable: Bool { FileManager.default.fileExists(atPath: image("parrot.jpg")) }

    /// The real libedgetpu 16.0 builds, `shared/edgetpu/{direct,throttled}/libedgetpu.so.1` (a sibling of the fixtures).
    public static func edgeTPULibrary(_ build: String) -> String {
        URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent("edgetpu/\(build)/libedgetpu.so.1").path
    }
    public static var edgeTPULibrariesAvailable: Bool {
        ["direct", "throttled"].allSatisfy { FileManager.default.fileExists(atPath: edgeTPULibrary($0)) }
    }

    /// The rows of classification_cases.csv.
    public struct Case: CustomStringConvertible, Sendable {
        public var model: String, image: String, k: Int, minimumScore: Double, expectedLabel: Int
        public var description: String { "\(model) on \(image)" }
    }

    public static var classificationCases: [Case] {
        guard let text = try? String(contentsOfFile: directory + "/classification_cases.csv", encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 5, let k = Int(fields[2]), let score = Double(fields[3]), let label = Int(fields[4]) else { return nil }
            return Case(model: fields[0], image: fields[1], k: k, minimumScore: score, expectedLabel: label)
        }
    }

    /// The runtime as edgebench finds it: EDGEBENCH_LITERT, else the user cache.
    public static let runtimePath: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["EDGEBENCH_LITERT"], FileManager.default.fileExists(atPath: path) { return path }
        let cacheHome = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
        let cached = cacheHome + "/edgebench/litert/2.3.0/libLiteRt.so"
        return FileManager.default.fileExists(atPath: cached) ? cached : nil
    }()

    /// True when the runtime is installed where edgebench finds it.
    public static var runtimeAvailable: Bool { runtimePath != nil }

    public static var ready: Bool { available && runtimeAvailable }
    public static let skipMessage = "needs ../shared/fixtures (EDGEBENCH_FIXTURES) and the LiteRT runtime (edgebench runtime install)"
}

/// A temporary directory removed when the value goes away.
public final class TemporaryDirectory {
    public let path: String
    public init() {
        path = NSTemporaryDirectory() + "edgebench-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The directory as a file URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// Writes `contents` to a file `name` in the directory.
    /// - Returns: The file's URL.
    public func file(_ name: String, contents: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(contents).write(to: file)
        return file
    }
}
