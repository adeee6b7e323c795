import FixtureSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LiteRT

extension Fixtures {
    /// Whether the loader cannot find libedgetpu.so.1 by itself (it is not installed system-wide).
    static let sonameMissing: Bool = {
        // Never dlclose a loaded library (a C++ library's exit-time destructors would run against unloaded code).
        dlopen("libedgetpu.so.1", RTLD_NOW | RTLD_LOCAL) == nil
    }()

    /// The LiteRT runtime as edgebench finds it (`runtimePath`), loaded.
    static func runtime() throws -> LiteRTLibrary { try LiteRTLibrary.load(path: runtimePath ?? "libLiteRt.so") }
}

let runtimeSkip = "needs ../shared/fixtures (EDGEBENCH_FIXTURES) and the LiteRT runtime (edgebench runtime install or EDGEBENCH_LITERT)"
let edgeTPUSkip = "needs the libedgetpu builds in ../shared/edgetpu (a sibling of EDGEBENCH_FIXTURES)"
