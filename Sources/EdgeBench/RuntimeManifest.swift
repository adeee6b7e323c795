import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `edgebench runtime install` records next to the libraries it verified (`edgebench-install.json`): each
/// library's size, modification time and SHA-256, so later starts can trust an unchanged file without hashing it.
///
/// The manifest only remembers that a file with this size and mtime was verified; the hash it is compared with is
/// always the pin compiled into edgebench (`RuntimePins`), never the manifest's own — so editing the manifest
/// cannot make edgebench accept other bytes unless the file's size and mtime are forged too.
public struct RuntimeInstallManifest: Codable, Equatable, Sendable {
    public static let fileName = "edgebench-install.json"
    public static let currentSchema = "edgebench.runtime-install/1"

    public struct Wheel: Codable, Equatable, Sendable {
        public var fileName: String
        public var sha256: String

        enum CodingKeys: String, CodingKey {
            case fileName = "file_name", sha256
        }
    }

    public struct Library: Codable, Equatable, Sendable {
        public var name: String
        public var size: Int64
        /// The file's mtime in nanoseconds since 1970, as `stat` reports it.
        public var modificationTimeNanoseconds: Int64
        public var sha256: String

        enum CodingKeys: String, CodingKey {
            case name, size, sha256
            case modificationTimeNanoseconds = "mtime_ns"
        }
    }

    public var schema: String
    public var version: String
    public var architecture: String
    public var wheel: Wheel
    public var libraries: [Library]
}

/// Verifies the runtime in edgebench's cache against `RuntimePins` before anything loads it.
public enum RuntimeVerification {
    /// How a verification succeeded.
    public enum Outcome: Equatable, Sendable {
        /// Every library's size and mtime matched the manifest: nothing was hashed.
        case unchangedSinceInstall
        /// These libraries were hashed again (their size or mtime changed, or no manifest recorded them) and matched
        /// the pins; the manifest was rewritten so the next start takes the fast path.
        case rehashed([String])
    }

    /// Serialises verification (and the manifest rewrite it may do) within the process.
    private static let lock = NSLock()

    /// Checks every pinned library in `directory`: size and mtime against the manifest, and a full SHA-256 against
    /// the pin whenever they differ or the manifest is absent or unreadable.
    /// - Parameters:
    ///   - directory: The installed runtime's folder (the cache folder of the pinned version).
    ///   - architecture: The machine architecture whose pins apply.
    /// - Returns: Whether the fast path sufficed.
    /// - Throws: `RuntimeTrustError.installedLibraryChanged` for other bytes, `.installedLibraryMissing` for a
    ///   missing library, `.noPinnedWheel` where there are no pins.
    @discardableResult
    public static func verifyInstalled(directory: String,
                                       architecture: String = RuntimeInstaller.machineArchitecture) throws -> Outcome {
        guard let pins = RuntimePins.wheel(forArchitecture: architecture) else {
            throw RuntimeTrustError.noPinnedWheel(architecture: architecture)
        }
        lock.lock()
        defer { lock.unlock() }
        let manifestPath = directory + "/" + RuntimeInstallManifest.fileName
        let manifest = (try? Data(contentsOf: URL(fileURLWithPath: manifestPath)))
            .flatMap { try? JSONDecoder().decode(RuntimeInstallManifest.self, from: $0) }
            .flatMap { $0.schema == RuntimeInstallManifest.currentSchema ? $0 : nil }
        var records: [RuntimeInstallManifest.Library] = []
        var rehashed: [String] = []
        for pin in pins.libraries {
            let path = directory + "/" + pin.name
            guard let stamp = FileStamp(path: path) else {
                throw RuntimeTrustError.installedLibraryMissing(path: path, reason: "does not exist")
            }
            if let recorded = manifest?.libraries.first(where: { $0.name == pin.name }), recorded.sha256 == pin.sha256,
               recorded.size == stamp.size, recorded.modificationTimeNanoseconds == stamp.modificationTimeNanoseconds {
                records.append(recorded)
                continue
            }
            let actual: String
            do {
                actual = try sha256(ofFile: path)
            } catch {
                throw RuntimeTrustError.installedLibraryMissing(path: path, reason: "cannot be read (\(error.localizedDescription))")
            }
            guard actual == pin.sha256 else {
                throw RuntimeTrustError.installedLibraryChanged(path: path, expected: pin.sha256, actual: actual)
            }
            rehashed.append(pin.name)
            records.append(.init(name: pin.name, size: stamp.size, modificationTimeNanoseconds: stamp.modificationTimeNanoseconds,
                                 sha256: actual))
        }
        guard !rehashed.isEmpty else { return .unchangedSinceInstall }
        // Best effort: a read-only cache still verifies, only without the fast path next time.
        let updated = RuntimeInstallManifest(schema: RuntimeInstallManifest.currentSchema, version: RuntimeLocation.pinnedVersion,
                                             architecture: architecture,
                                             wheel: .init(fileName: pins.fileName, sha256: pins.sha256), libraries: records)
        try? write(updated, to: manifestPath)
        return .rehashed(rehashed)
    }

    /// Records the (already verified) libraries in `directory` in a new manifest, written atomically.
    /// - Throws: `EdgeBenchError.cannotWrite` when the manifest cannot be written,
    ///   `RuntimeTrustError.installedLibraryMissing` when a library is gone.
    static func recordInstall(directory: String, wheel: PinnedWheel) throws {
        let libraries = try wheel.libraries.map { pin -> RuntimeInstallManifest.Library in
            let path = directory + "/" + pin.name
            guard let stamp = FileStamp(path: path) else {
                throw RuntimeTrustError.installedLibraryMissing(path: path, reason: "does not exist")
            }
            return .init(name: pin.name, size: stamp.size, modificationTimeNanoseconds: stamp.modificationTimeNanoseconds,
                         sha256: pin.sha256)
        }
        let manifest = RuntimeInstallManifest(schema: RuntimeInstallManifest.currentSchema, version: RuntimeLocation.pinnedVersion,
                                              architecture: wheel.architecture,
                                              wheel: .init(fileName: wheel.fileName, sha256: wheel.sha256), libraries: libraries)
        try write(manifest, to: directory + "/" + RuntimeInstallManifest.fileName)
    }

    private static func write(_ manifest: RuntimeInstallManifest, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(manifest), to: path)
    }

    /// Lowercase hex SHA-256 of a file, read in 1 MiB pieces.
    /// - Throws: The file system's error when the file cannot be opened or read.
    public static func sha256(ofFile path: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// A file's size and modification time, from one `stat` (symlinks followed: what `dlopen` would open).
struct FileStamp: Equatable {
    var size: Int64
    var modificationTimeNanoseconds: Int64
}

extension FileStamp {
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int64(info.st_size)
        modificationTimeNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
