import Foundation
import LiteRT

/// Where edgebench finds the LiteRT runtime, and what it knows about it.
///
/// Search order: `EDGEBENCH_LITERT` (a path to libLiteRt.so or its folder: loads that native library, not
/// verified, at the user's word; when it names no file that is an error, never a fall-back to another runtime),
/// then the user cache `$XDG_CACHE_HOME/edgebench/litert/2.3.0/` (default `~/.cache/…`), where
/// `edgebench runtime install` puts it and whose libraries are verified against `RuntimePins` before use.
public struct RuntimeLocation: Sendable, Codable, Equatable {
    /// The pinned runtime version edgebench is written against.
    public static let pinnedVersion = "2.3.0"

    public var path: String
    /// The version, when known (recorded by the installer, or read from a wheel's dist-info).
    public var version: String?
    /// How it was found: "EDGEBENCH_LITERT" or "cache".
    public var source: String

    /// The folder that holds libLiteRt.so and, when installed, the GPU accelerator library.
    public var directory: String { (path as NSString).deletingLastPathComponent }

    /// The GPU accelerator library next to the runtime, if present.
    public var gpuAcceleratorPath: String? {
        let candidate = directory + "/libLiteRtWebGpuAccelerator.so"
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    /// edgebench's folder in the user cache: `$XDG_CACHE_HOME/edgebench` (default `~/.cache/edgebench`).
    public static func cacheRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.cache"
        }
        return base + "/edgebench"
    }

    /// The cache folder for the pinned version.
    public static func cacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        cacheRoot(environment: environment) + "/litert/" + pinnedVersion
    }

    /// Finds the runtime without loading it; a runtime from the cache is verified first (`RuntimeVerification`:
    /// size and mtime against the install manifest, a full SHA-256 against the pins when they changed).
    /// - Throws: `RuntimeTrustError.explicitRuntimeMissing` when `EDGEBENCH_LITERT` names no file,
    ///   `RuntimeTrustError.installedLibraryChanged` (or `.installedLibraryMissing`) when the cached runtime is not
    ///   the pinned one, `EdgeBenchError.runtimeNotFound` listing the places searched.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RuntimeLocation {
        if let explicit = environment["EDGEBENCH_LITERT"], !explicit.isEmpty {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: explicit, isDirectory: &isDirectory) {
                let path = isDirectory.boolValue ? explicit + "/libLiteRt.so" : explicit
                if FileManager.default.fileExists(atPath: path) {
                    return RuntimeLocation(path: path, version: versionBeside(path), source: "EDGEBENCH_LITERT")
                }
            }
            // Falling back to the cache would measure another runtime than the one the user asked for.
            throw RuntimeTrustError.explicitRuntimeMissing(path: explicit)
        }
        let directory = cacheDirectory(environment: environment)
        let cached = directory + "/libLiteRt.so"
        guard FileManager.default.fileExists(atPath: cached) else {
            throw EdgeBenchError.runtimeNotFound(searched: [cached])
        }
        try RuntimeVerification.verifyInstalled(directory: directory)
        return RuntimeLocation(path: cached, version: versionBeside(cached), source: "cache")
    }

    /// The version recorded next to a library: the installer's VERSION file, or a pip
    /// installation's `ai_edge_litert-X.dist-info` folder.
    static func versionBeside(_ path: String) -> String? {
        let directory = (path as NSString).deletingLastPathComponent
        if let text = try? String(contentsOfFile: directory + "/VERSION", encoding: .utf8) {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) {
            for entry in entries where entry.hasPrefix("ai_edge_litert-") && entry.hasSuffix(".dist-info") {
                return String(entry.dropFirst("ai_edge_litert-".count).dropLast(".dist-info".count))
            }
        }
        return nil
    }

    /// Loads the runtime library.
    public func load() throws -> LiteRTLibrary { try LiteRTLibrary.load(path: path) }
}

extension RuntimeLocation {
    /// Finds the runtime, installing it into the cache first when it is missing — unless
    /// `EDGEBENCH_NO_AUTO_INSTALL` is set, in which case the "not found" error stands.
    /// - Parameter notice: Receives the one-line notice printed before installing.
    public static func findOrInstall(environment: [String: String] = ProcessInfo.processInfo.environment,
                                     notice: @escaping @Sendable (String) -> Void) throws -> RuntimeLocation {
        do {
            return try find(environment: environment)
        } catch EdgeBenchError.runtimeNotFound(let searched) {
            if let flag = environment["EDGEBENCH_NO_AUTO_INSTALL"], !flag.isEmpty, flag != "0" {
                throw EdgeBenchError.runtimeNotFound(searched: searched)
            }
            notice("LiteRT runtime not found; installing ai-edge-litert \(pinnedVersion) into \(cacheDirectory(environment: environment)) (one time)…")
            return try RuntimeInstaller(cacheDirectory: cacheDirectory(environment: environment), log: notice).install()
        }
    }
}
