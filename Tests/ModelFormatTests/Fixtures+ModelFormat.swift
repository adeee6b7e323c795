import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

extension Fixtures {
    /// Why suites that need the fixture models were skipped.
    static var modelsMissing: Comment { Comment(rawValue: "fixture models not found at \(directory)/models; set EDGEBENCH_FIXTURES to run these tests") }

    /// The fixture model `models/<name>`, read by edgebench's reader.
    static func tfliteModel(_ name: String) throws -> TFLiteModel { try TFLiteModel(contentsOf: URL(fileURLWithPath: model(name))) }
}
