import Foundation
import Testing
@testable import ModelFormat

/// Locates the shared fixture models: `$EDGEBENCH_FIXTURES/models`, else `../shared/fixtures/models`
/// relative to the package root (found from this file's path).
enum Fixtures {
    static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["EDGEBENCH_FIXTURES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        // <package>/Tests/ModelFormatTests/Fixtures.swift → <package>/../shared/fixtures
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let beside = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        // The package may be checked out elsewhere while the sources are symlinked: try the real path too.
        let resolved = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return resolved.appendingPathComponent("shared/fixtures")
    }()

    static let models = root.appendingPathComponent("models")

    static var available: Bool { FileManager.default.fileExists(atPath: models.path) }

    static var skipMessage: Comment { Comment(rawValue: "fixture models not found at \(models.path); set EDGEBENCH_FIXTURES to run these tests") }

    static func url(_ name: String) -> URL { models.appendingPathComponent(name) }

    static func model(_ name: String) throws -> TFLiteModel { try TFLiteModel(contentsOf: url(name)) }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    static var allModelNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: models.path)) ?? [])
            .filter { $0.hasSuffix(".tflite") }.sorted()
    }
}
