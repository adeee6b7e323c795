import Foundation
import LiteRT

/// Locates the shared fixtures and the LiteRT runtime for tests; both may be absent, in which
/// case the dependent tests are skipped with a message saying why.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["EDGEBENCH_FIXTURES"], !path.isEmpty {
            return URL(fileURLWithPath: path, relativeTo: packageRoot).standardizedFileURL
        }
        return packageRoot.appendingPathComponent("../shared/fixtures").standardizedFileURL
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("models").path) }

    static func model(_ name: String) -> URL { directory.appendingPathComponent("models/\(name)") }

    /// The runtime as edgebench finds it: EDGEBENCH_LITERT, else the user cache.
    static let runtimePath: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["EDGEBENCH_LITERT"], FileManager.default.fileExists(atPath: path) { return path }
        let cacheHome = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache").path
        let cached = cacheHome + "/edgebench/litert/2.3.0/libLiteRt.so"
        return FileManager.default.fileExists(atPath: cached) ? cached : nil
    }()

    static var runtimeAvailable: Bool { runtimePath != nil && available }

    static func library() throws -> LiteRTLibrary { try LiteRTLibrary.load(path: runtimePath ?? "libLiteRt.so") }

    static func load(_ name: String) throws -> Model {
        let environment = try Environment(library: library())
        let bytes = try [UInt8](Data(contentsOf: model(name)))
        return try Model(bytes: bytes, name: name, environment: environment)
    }
}

let skipMessage = "needs ../shared/fixtures (EDGEBENCH_FIXTURES) and the LiteRT runtime (edgebench runtime install)"
