import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

/// The shared fixture models, in the fixtures folder FixtureSupport resolves (`$EDGEBENCH_FIXTURES`, or
/// `../shared/fixtures`).
enum Fixtures {
    static let root = URL(fileURLWithPath: FixtureSupport.Fixtures.directory, isDirectory: true)

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
