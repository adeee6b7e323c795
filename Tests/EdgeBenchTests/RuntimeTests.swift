import FixtureSupport
@testable import EdgeBench
import Foundation
import Testing

@Suite("Finding and installing the LiteRT runtime")
struct RuntimeTests {
    @Test("EDGEBENCH_LITERT wins over the cache")
    func explicitPath() throws {
        let directory = TemporaryDirectory()
        let library = directory.path + "/libLiteRt.so"
        _ = FileManager.default.createFile(atPath: library, contents: Data([0]))
        let location = try RuntimeLocation.find(environment: ["EDGEBENCH_LITERT": library, "HOME": directory.path])
        #expect(location.path == library)
        #expect(location.source == "EDGEBENCH_LITERT")
    }

    @Test("the cache follows XDG_CACHE_HOME and is versioned")
    func cacheDirectory() {
        #expect(RuntimeLocation.cacheDirectory(environment: ["XDG_CACHE_HOME": "/x"]) == "/x/edgebench/litert/2.3.0")
        #expect(RuntimeLocation.cacheDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.cache/edgebench/litert/2.3.0")
    }

    @Test("EDGEBENCH_LITERT naming no file is an error, never a fall-back to the installed runtime")
    func explicitPathMissing() throws {
        let directory = TemporaryDirectory()
        let cache = RuntimeLocation.cacheDirectory(environment: ["XDG_CACHE_HOME": directory.path])
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: cache + "/libLiteRt.so", contents: Data([0]))
        let environment = ["EDGEBENCH_LITERT": "/nonexistent/libLiteRt.so", "XDG_CACHE_HOME": directory.path]
        #expect(throws: RuntimeTrustError.explicitRuntimeMissing(path: "/nonexistent/libLiteRt.so")) {
            try RuntimeLocation.find(environment: environment)
        }
        #expect(ErrorClassification.exitStatus(for: RuntimeTrustError.explicitRuntimeMissing(path: "x")) == .unavailable)
    }

    @Test("a missing runtime names the cache folder searched")
    func notFound() {
        #expect(throws: EdgeBenchError.runtimeNotFound(searched: ["/nonexistent-cache/edgebench/litert/2.3.0/libLiteRt.so"])) {
            try RuntimeLocation.find(environment: ["XDG_CACHE_HOME": "/nonexistent-cache"])
        }
    }

    @Test("auto-install can be switched off, leaving the not-found error")
    func noAutoInstall() {
        let environment = ["XDG_CACHE_HOME": "/nonexistent-cache", "EDGEBENCH_NO_AUTO_INSTALL": "1"]
        #expect(throws: EdgeBenchError.self) { try RuntimeLocation.findOrInstall(environment: environment) { _ in } }
    }

    @Test("pip failing is reported as a failed download with what to do")
    func pipFails() throws {
        let directory = TemporaryDirectory()
        let fakePython = directory.path + "/python-without-pip"
        try "#!/bin/sh\necho 'No module named pip' >&2\nexit 1\n".write(toFile: fakePython, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakePython)
        let installer = RuntimeInstaller(cacheDirectory: directory.path + "/cache/2.3.0", python: fakePython)
        do {
            _ = try installer.install()
            Issue.record("expected the install to fail")
        } catch let EdgeBenchError.runtimeInstallFailed(step, detail) {
            #expect(step.contains("downloading the wheel"))
            #expect(detail.contains("apt-get install python3-pip"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/cache/2.3.0"))
    }

    @Test("a substituted wheel that skips pip's hash check is refused by edgebench's own, before any library is loaded",
          .enabled(if: TamperedWheel.toolsAvailable && RuntimePins.wheel(forArchitecture: RuntimeInstaller.machineArchitecture) != nil,
                   Comment(rawValue: TamperedWheel.skipMessage)))
    func tamperedWheelWithoutPip() throws {
        let pins = try #require(RuntimePins.wheel(forArchitecture: MachineArchitecture.current))
        let directory = TemporaryDirectory()
        let marker = directory.path + "/constructor-ran"
        let wheel = try TamperedWheel.make(named: pins.fileName, in: directory.path, marker: marker)
        let cache = directory.path + "/cache/2.3.0"
        let installer = RuntimeInstaller(cacheDirectory: cache, python: try TamperedWheel.pythonCopying(wheel, in: directory.path))
        #expect(throws: RuntimeTrustError.hashMismatch(file: pins.fileName, expected: pins.sha256,
                                                      actual: try RuntimeVerification.sha256(ofFile: wheel))) {
            try installer.install()
        }
        #expect(!FileManager.default.fileExists(atPath: marker), "the substituted library's constructor ran")
        #expect(!FileManager.default.fileExists(atPath: cache))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/cache")
        #expect(leftovers.isEmpty, "staging left behind: \(leftovers)")
    }

    @Test("the substituted library does run its constructor when loaded, so the marker tells a load apart",
          .enabled(if: TamperedWheel.toolsAvailable, Comment(rawValue: TamperedWheel.skipMessage)))
    func markerWorks() throws {
        let directory = TemporaryDirectory()
        let marker = directory.path + "/constructor-ran"
        let wheel = try TamperedWheel.make(named: "w.whl", in: directory.path, marker: marker)
        #expect(FileManager.default.fileExists(atPath: wheel))
        // Never closed: a loaded library stays loaded.
        let handle = dlopen(directory.path + "/tampered-build/ai_edge_litert/libLiteRt.so", RTLD_NOW | RTLD_LOCAL)
        #expect(handle != nil)
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test("a refused download leaves a previous install as it was",
          .enabled(if: TamperedWheel.toolsAvailable && RuntimePins.wheel(forArchitecture: RuntimeInstaller.machineArchitecture) != nil,
                   Comment(rawValue: TamperedWheel.skipMessage)))
    func previousInstallUntouched() throws {
        let pins = try #require(RuntimePins.wheel(forArchitecture: MachineArchitecture.current))
        let directory = TemporaryDirectory()
        let cache = directory.path + "/cache/2.3.0"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        try "previous".write(toFile: cache + "/VERSION", atomically: true, encoding: .utf8)
        let wheel = try TamperedWheel.make(named: pins.fileName, in: directory.path, marker: directory.path + "/marker")
        let installer = RuntimeInstaller(cacheDirectory: cache, python: try TamperedWheel.pythonCopying(wheel, in: directory.path))
        #expect(throws: RuntimeTrustError.self) { try installer.install() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache) == ["VERSION"])
        #expect(try String(contentsOfFile: cache + "/VERSION", encoding: .utf8) == "previous")
    }

    @Test("pip's --require-hashes refusal is reported as the pinned wheel's hash mismatch")
    func pipHashRefusal() throws {
        let pins = try #require(RuntimePins.wheels.first)
        let output = """
            ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated the package versions, please update the hashes. Otherwise, examine the package contents carefully; someone may have tampered with them.
                ai-edge-litert==2.3.0 from file:///tmp/x/\(pins.fileName) (from -r /tmp/r.txt (line 1)):
                    Expected sha256 \(pins.sha256)
                         Got        0123abcd
            """
        #expect(RuntimeInstaller.hashRefusal(inPipOutput: output, pins: pins)
            == .hashMismatch(file: pins.fileName + " (refused by pip --require-hashes)", expected: pins.sha256, actual: "0123abcd"))
        #expect(RuntimeInstaller.hashRefusal(inPipOutput: "ERROR: No matching distribution found", pins: pins) == nil)
    }

    @Test("the genuine wheel from PyPI installs with its manifest, and the next start takes the fast path",
          .enabled(if: TamperedWheel.pipAvailable && RuntimePins.wheel(forArchitecture: RuntimeInstaller.machineArchitecture) != nil,
                   "needs python3 -m pip and PyPI (or pip's cache)"))
    func genuineInstall() throws {
        let pins = try #require(RuntimePins.wheel(forArchitecture: MachineArchitecture.current))
        let directory = TemporaryDirectory()
        let cache = RuntimeLocation.cacheDirectory(environment: ["XDG_CACHE_HOME": directory.path])
        let location = try RuntimeInstaller(cacheDirectory: cache).install()
        #expect(location.path == cache + "/libLiteRt.so")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: cache))
            == ["VERSION", "libLiteRt.so", "libLiteRtWebGpuAccelerator.so", RuntimeInstallManifest.fileName])
        let manifest = try JSONDecoder().decode(RuntimeInstallManifest.self,
                                                from: Data(contentsOf: URL(fileURLWithPath: cache + "/" + RuntimeInstallManifest.fileName)))
        #expect(manifest.wheel == .init(fileName: pins.fileName, sha256: pins.sha256))
        #expect(manifest.libraries.map(\.sha256) == pins.libraries.map(\.sha256))
        #expect(try RuntimeVerification.verifyInstalled(directory: cache) == .unchangedSinceInstall)
        #expect(try RuntimeLocation.find(environment: ["XDG_CACHE_HOME": directory.path]).source == "cache")
    }
}

/// The machine's architecture as the installer names it.
enum MachineArchitecture {
    static var current: String { RuntimeInstaller.machineArchitecture }
}
