import FixtureSupport
import Foundation
import LiteRT

extension Fixtures {
    static func library() throws -> LiteRTLibrary { try LiteRTLibrary.load(path: runtimePath ?? "libLiteRt.so") }

    static func load(_ name: String) throws -> Model {
        let environment = try Environment(library: library())
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: model(name))))
        return try Model(bytes: bytes, name: name, environment: environment)
    }
}

let skipMessage = Fixtures.skipMessage
