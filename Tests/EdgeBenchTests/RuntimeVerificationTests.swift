import FixtureSupport
@testable import EdgeBench
import Foundation
import Testing

/// The installed runtime is checked against the pins at every start: size and mtime against the install manifest,
/// a full SHA-256 only when they changed. These run on a copy of the real installed runtime in a temporary cache.
@Suite("Verifying the installed runtime at every start", .serialized,
       .enabled(if: InstalledRuntimeCopy.available, "needs the genuine runtime installed in the user cache (edgebench runtime install)"))
struct RuntimeVerificationTests {
    @Test("an install's manifest lets an unchanged runtime through without hashing it")
    func fastPath() throws {
        let copy = try InstalledRuntimeCopy()
        try RuntimeVerification.recordInstall(directory: copy.directory, wheel: copy.pins)
        #expect(try RuntimeVerification.verifyInstalled(directory: copy.directory) == .unchangedSinceInstall)
        #expect(try RuntimeLocation.find(environment: copy.environment).path == copy.directory + "/libLiteRt.so")
    }

    @Test("the fast path trusts an unchanged size and mtime without reading the file")
    func fastPathDoesNotRead() throws {
        let copy = try InstalledRuntimeCopy()
        try RuntimeVerification.recordInstall(directory: copy.directory, wheel: copy.pins)
        let recorded = try #require(copy.recordedStamp(of: "libLiteRt.so"))
        try copy.flipByte(of: "libLiteRt.so")
        try copy.setModificationTime(of: "libLiteRt.so", nanoseconds: recorded.modificationTimeNanoseconds)
        #expect(FileStamp(path: copy.directory + "/libLiteRt.so") == recorded)
        #expect(try RuntimeVerification.verifyInstalled(directory: copy.directory) == .unchangedSinceInstall)
    }

    @Test("changed bytes in a library are refused with the file, the pinned and the actual hash, and exit 69")
    func changedLibraryRefused() throws {
        let copy = try InstalledRuntimeCopy()
        try RuntimeVerification.recordInstall(directory: copy.directory, wheel: copy.pins)
        try copy.flipByte(of: "libLiteRtWebGpuAccelerator.so")
        let path = copy.directory + "/libLiteRtWebGpuAccelerator.so"
        let pinned = try #require(copy.pins.libraries.first { $0.name == "libLiteRtWebGpuAccelerator.so" }).sha256
        let expected = RuntimeTrustError.installedLibraryChanged(path: path, expected: pinned,
                                                                 actual: try RuntimeVerification.sha256(ofFile: path))
        #expect(throws: expected) { try RuntimeLocation.find(environment: copy.environment) }
        #expect(expected.exitStatus == .unavailable)
        #expect(expected.errorDescription?.contains("edgebench runtime install") == true)
    }

    @Test("a library with a new mtime but the same bytes is hashed again, passes, and takes the fast path next time")
    func touchedLibraryRehashed() throws {
        let copy = try InstalledRuntimeCopy()
        try RuntimeVerification.recordInstall(directory: copy.directory, wheel: copy.pins)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000_000)],
                                              ofItemAtPath: copy.directory + "/libLiteRt.so")
        #expect(try RuntimeVerification.verifyInstalled(directory: copy.directory) == .rehashed(["libLiteRt.so"]))
        #expect(try RuntimeVerification.verifyInstalled(directory: copy.directory) == .unchangedSinceInstall)
    }

    @Test("an install without a manifest (made before manifests) is hashed once and gets one")
    func legacyInstallGetsManifest() throws {
        let copy = try InstalledRuntimeCopy()
        #expect(try RuntimeVerification.verifyInstalled(directory: copy.directory) == .rehashed(copy.pins.libraries.map(\.name)))
        #expect(FileManager.default.fileExists(atPath: copy.directory + "/" + RuntimeInstallManifest.fileName))
        #expect(try RuntimeVerification.verifyInstalled(directory: copy.directory) == .unchangedSinceInstall)
    }

    @Test("a manifest edited to claim another hash does not let other bytes through")
    func editedManifestIgnored() throws {
        let copy = try InstalledRuntimeCopy()
        try copy.flipByte(of: "libLiteRt.so")
        let path = copy.directory + "/libLiteRt.so"
        let actual = try RuntimeVerification.sha256(ofFile: path)
        let stamp = try #require(FileStamp(path: path))
        let forged = RuntimeInstallManifest(
            schema: RuntimeInstallManifest.currentSchema, version: "2.3.0", architecture: copy.pins.architecture,
            wheel: .init(fileName: copy.pins.fileName, sha256: copy.pins.sha256),
            libraries: [.init(name: "libLiteRt.so", size: stamp.size, modificationTimeNanoseconds: stamp.modificationTimeNanoseconds, sha256: actual)])
        try JSONEncoder().encode(forged).write(to: URL(fileURLWithPath: copy.directory + "/" + RuntimeInstallManifest.fileName))
        #expect(throws: RuntimeTrustError.installedLibraryChanged(path: path, expected: copy.pins.libraries[0].sha256, actual: actual)) {
            try RuntimeVerification.verifyInstalled(directory: copy.directory)
        }
    }

    @Test("a missing GPU accelerator makes the install incomplete, refused before loading")
    func missingLibraryRefused() throws {
        let copy = try InstalledRuntimeCopy()
        try RuntimeVerification.recordInstall(directory: copy.directory, wheel: copy.pins)
        try FileManager.default.removeItem(atPath: copy.directory + "/libLiteRtWebGpuAccelerator.so")
        #expect(throws: RuntimeTrustError.installedLibraryMissing(path: copy.directory + "/libLiteRtWebGpuAccelerator.so", reason: "does not exist")) {
            try RuntimeLocation.find(environment: copy.environment)
        }
    }
}

/// A copy of the genuine installed runtime's libraries in a temporary `XDG_CACHE_HOME`, without a manifest.
struct InstalledRuntimeCopy {
    static let installed = RuntimeLocation.cacheDirectory()
    static var available: Bool {
        guard let pins = RuntimePins.wheel(forArchitecture: RuntimeInstaller.machineArchitecture) else { return false }
        return pins.libraries.allSatisfy { pin in
            (try? FileManager.default.attributesOfItem(atPath: installed + "/" + pin.name)[.size] as? Int64) == pin.size
        }
    }

    let temporary = TemporaryDirectory()
    let pins: PinnedWheel
    var environment: [String: String] { ["XDG_CACHE_HOME": temporary.path] }
    var directory: String { RuntimeLocation.cacheDirectory(environment: environment) }

    init() throws {
        pins = try #require(RuntimePins.wheel(forArchitecture: RuntimeInstaller.machineArchitecture))
        try FileManager.default.createDirectory(atPath: RuntimeLocation.cacheDirectory(environment: ["XDG_CACHE_HOME": temporary.path]),
                                                withIntermediateDirectories: true)
        for pin in pins.libraries {
            try FileManager.default.copyItem(atPath: Self.installed + "/" + pin.name, toPath: directory + "/" + pin.name)
        }
    }

    /// Inverts one byte in the middle of a library, keeping its size.
    func flipByte(of name: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: directory + "/" + name))
        defer { try? handle.close() }
        let offset = UInt64(pins.libraries.first { $0.name == name }!.size / 2)
        try handle.seek(toOffset: offset)
        let byte = try handle.read(upToCount: 1) ?? Data([0])
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([~byte[0]]))
    }

    /// Sets a library's mtime to the nanosecond (Foundation's Date would round it).
    func setModificationTime(of name: String, nanoseconds: Int64) throws {
        let time = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        let times = [time, time]
        guard utimensat(AT_FDCWD, directory + "/" + name, times, 0) == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    func recordedStamp(of name: String) -> FileStamp? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + RuntimeInstallManifest.fileName)),
              let manifest = try? JSONDecoder().decode(RuntimeInstallManifest.self, from: data),
              let record = manifest.libraries.first(where: { $0.name == name }) else { return nil }
        return FileStamp(size: record.size, modificationTimeNanoseconds: record.modificationTimeNanoseconds)
    }
}
