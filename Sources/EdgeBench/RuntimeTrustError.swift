import Foundation
import Results

/// Why edgebench refuses to install or load a LiteRT runtime: it is not the one it was pinned to, or not the one
/// the user named. Every case means the runtime is unavailable (exit 69) until a genuine one is installed.
public enum RuntimeTrustError: Error, Equatable, LocalizedError, ExitStatusProviding {
    /// A downloaded or extracted file's SHA-256 differs from the pin (caught by pip's `--require-hashes` or by
    /// edgebench's own check); nothing was loaded or installed.
    case hashMismatch(file: String, expected: String, actual: String)
    /// pip saved a wheel with another name than the pinned one.
    case unexpectedWheel(found: [String], expected: String)
    /// The pinned wheel lacks a library it is known to contain.
    case libraryMissingFromWheel(name: String, wheel: String)
    /// A library of the installed runtime differs from the pinned bytes (found when size or mtime changed since
    /// the install and the file was hashed again).
    case installedLibraryChanged(path: String, expected: String, actual: String)
    /// A library of the installed runtime is gone or unreadable.
    case installedLibraryMissing(path: String, reason: String)
    /// There is no pinned wheel for this machine, so nothing in the cache can be verified.
    case noPinnedWheel(architecture: String)
    /// `EDGEBENCH_LITERT` names no file: edgebench does not measure another runtime in its place.
    case explicitRuntimeMissing(path: String)

    public var errorDescription: String? {
        let reinstall = "Run `edgebench runtime install` to install the genuine ai-edge-litert \(RuntimeLocation.pinnedVersion) runtime."
        switch self {
        case let .hashMismatch(file, expected, actual):
            return "Refusing \(file): its SHA-256 is \(actual), but the pinned ai-edge-litert \(RuntimeLocation.pinnedVersion) file has \(expected). Nothing was loaded or installed (a substituted or corrupted download, or a pip mirror serving other bytes); retry `edgebench runtime install` against PyPI."
        case let .unexpectedWheel(found, expected):
            return "pip saved \(found.isEmpty ? "no wheel" : found.joined(separator: ", ")) instead of the pinned \(expected). Nothing was installed; check pip's configuration (PIP_FIND_LINKS, PIP_INDEX_URL) and retry."
        case let .libraryMissingFromWheel(name, wheel):
            return "The wheel \(wheel) has no ai_edge_litert/\(name). Nothing was installed; retry `edgebench runtime install`."
        case let .installedLibraryChanged(path, expected, actual):
            return "The installed LiteRT runtime file \(path) changed since it was installed: its SHA-256 is \(actual), the pinned file has \(expected). edgebench will not load it. \(reinstall)"
        case let .installedLibraryMissing(path, reason):
            return "The installed LiteRT runtime is incomplete: \(path) \(reason). \(reinstall)"
        case let .noPinnedWheel(architecture):
            return "ai-edge-litert \(RuntimeLocation.pinnedVersion) has no pinned Linux wheel for \(architecture) (supported: \(RuntimePins.wheels.map(\.architecture).joined(separator: ", "))), so edgebench cannot verify a runtime here. Set EDGEBENCH_LITERT to a libLiteRt.so you trust."
        case let .explicitRuntimeMissing(path):
            return "EDGEBENCH_LITERT=\(path) names no libLiteRt.so. edgebench loads exactly the library EDGEBENCH_LITERT names and will not measure another runtime instead: fix the path, or unset EDGEBENCH_LITERT to use the runtime installed by `edgebench runtime install`."
        }
    }

    public var exitStatus: ExitStatus { .unavailable }
}
