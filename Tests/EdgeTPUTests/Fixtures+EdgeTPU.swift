import FixtureSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LiteRT

/// Locates the shared fixtures, the real libedgetpu builds and the LiteRT runtime; each may be absent, in which
/// case the dependent tests are skipped with a message saying why.
enum Fixtures {
    static let packageRoot = FixtureSupport.Fixtures.packageRoot

    /// EDGEBENCH_FIXTURES, else ../shared/fixtures next to the package (resolved by FixtureSupport).
    static let directory = URL(fileURLWithPath: FixtureSupport.Fixtures.directory, isDirectory: true)

    static var available: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("models").path) }

    static func model(_ name: String) -> URL { directory.appendingPathComponent("models/\(name)") }

    static func modelBytes(_ name: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: model(name))) }

    /// The real libedgetpu 16.0 builds, shared/edgetpu/{direct,throttled}/libedgetpu.so.1 (a sibling of the fixtures).
    static func edgeTPULibrary(_ build: String) -> String {
        directory.deletingLastPathComponent().appendingPathComponent("edgetpu/\(build)/libedgetpu.so.1").path
    }

    static var edgeTPULibrariesAvailable: Bool {
        ["direct", "throttled"].allSatisfy { FileManager.default.fileExists(atPath: edgeTPULibrary($0)) }
    }

    /// Whether the loader cannot find libedgetpu.so.1 by itself (it is not installed system-wide).
    static let sonameMissing: Bool = {
        // Never dlclose a loaded library (a C++ library's exit-time destructors would run against unloaded code).
        dlopen("libedgetpu.so.1", RTLD_NOW | RTLD_LOCAL) == nil
    }()

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

    static func runtime() throws -> LiteRTLibrary { try LiteRTLibrary.load(path: runtimePath ?? "libLiteRt.so") }
}

let runtimeSkip = "needs ../shared/fixtures (EDGEBENCH_FIXTURES) and the LiteRT runtime (edgebench runtime install or EDGEBENCH_LITERT)"
let edgeTPUSkip = "needs the libedgetpu builds in ../shared/edgetpu (a sibling of EDGEBENCH_FIXTURES)"
