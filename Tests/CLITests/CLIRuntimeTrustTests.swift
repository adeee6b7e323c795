import EdgeBench
import FixtureSupport
import Foundation
import Testing

/// Only the pinned runtime is installed or loaded from the cache; a library that was loaded is never unloaded.
@Suite("Runtime trust from the command line", .serialized, .enabled(if: CLI.available))
struct CLIRuntimeTrustTests {
    static let pins = RuntimePins.wheel(forArchitecture: RuntimeInstaller.machineArchitecture)

    @Test("runtime install refuses a substituted wheel served to pip (PIP_FIND_LINKS) before any library is loaded: exit 69, nothing installed",
          .enabled(if: TamperedWheel.toolsAvailable && TamperedWheel.pipAvailable && pins != nil,
                   "needs cc, python3 and pip, on a machine with a pinned wheel"))
    func tamperedWheelRefused() throws {
        let pins = try #require(Self.pins)
        let directory = TemporaryDirectory()
        let links = directory.path + "/links"
        try FileManager.default.createDirectory(atPath: links, withIntermediateDirectories: true)
        let marker = directory.path + "/constructor-ran"
        let wheel = try TamperedWheel.make(named: pins.fileName, in: links, marker: marker)
        try FileManager.default.removeItem(atPath: links + "/tampered-build")
        let cacheHome = directory.path + "/cache"
        let result = try CLI.run(["runtime", "install"], environment: [
            "PIP_FIND_LINKS": links, "PIP_NO_INDEX": "1", "XDG_CACHE_HOME": cacheHome, "EDGEBENCH_LITERT": "",
        ], timeout: 300)
        #expect(!result.signaled)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains(pins.fileName), "\(result.stderr)")
        #expect(result.stderr.contains(pins.sha256))
        #expect(result.stderr.contains(try RuntimeVerification.sha256(ofFile: wheel)))
        #expect(!FileManager.default.fileExists(atPath: marker), "the substituted library's constructor ran")
        let litert = cacheHome + "/edgebench/litert"
        #expect(!FileManager.default.fileExists(atPath: litert + "/2.3.0"))
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: litert)) ?? []
        #expect(leftovers.isEmpty, "staging left behind: \(leftovers)")
    }

    @Test("EDGEBENCH_LITERT naming no file stops with exit 69 naming it, instead of measuring the installed runtime")
    func explicitRuntimeMissing() throws {
        let result = try CLI.run(["runtime", "show"], environment: ["EDGEBENCH_LITERT": "/nonexistent/libLiteRt.so"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("EDGEBENCH_LITERT=/nonexistent/libLiteRt.so"))
        let devices = try CLI.run(["devices", "--no-gpu-probe"], environment: ["EDGEBENCH_LITERT": "/nonexistent/libLiteRt.so"])
        #expect(devices.stdout.contains("EDGEBENCH_LITERT=/nonexistent/libLiteRt.so"), "\(devices.stdout)")
    }

    @Test("a changed library in the installed runtime is refused before loading: exit 69, reinstall advice",
          .enabled(if: pins.map { pins in pins.libraries.allSatisfy { FileManager.default.fileExists(atPath: RuntimeLocation.cacheDirectory() + "/" + $0.name) } } == true,
                   "needs the runtime installed in the user cache"))
    func changedInstallRefused() throws {
        let pins = try #require(Self.pins)
        let directory = TemporaryDirectory()
        let cache = RuntimeLocation.cacheDirectory(environment: ["XDG_CACHE_HOME": directory.path])
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        for library in pins.libraries {
            try FileManager.default.copyItem(atPath: RuntimeLocation.cacheDirectory() + "/" + library.name, toPath: cache + "/" + library.name)
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: cache + "/libLiteRt.so"))
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data([0xCC]))
        try handle.close()
        let result = try CLI.run(["runtime", "show"], environment: ["XDG_CACHE_HOME": directory.path, "EDGEBENCH_LITERT": ""])
        #expect(!result.signaled)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains(cache + "/libLiteRt.so"))
        #expect(result.stderr.contains("edgebench runtime install"))
    }

    @Test("runtime show tells a verified cached runtime from one loaded as EDGEBENCH_LITERT names it",
          .enabled(if: pins.map { pins in pins.libraries.allSatisfy { FileManager.default.fileExists(atPath: RuntimeLocation.cacheDirectory() + "/" + $0.name) } } == true,
                   "needs the runtime installed in the user cache"))
    func showSaysVerified() throws {
        let cached = try CLI.run(["runtime", "show", "--format", "json"], environment: ["EDGEBENCH_LITERT": ""])
        #expect(cached.status == 0, "\(cached.stderr)")
        let cachedInfo = try #require(try JSONSerialization.jsonObject(with: Data(cached.stdout.utf8)) as? [String: Any])
        #expect(cachedInfo["verified"] as? Bool == true)
        let explicit = try CLI.run(["runtime", "show", "--format", "json"],
                                   environment: ["EDGEBENCH_LITERT": RuntimeLocation.cacheDirectory() + "/libLiteRt.so"])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        let explicitInfo = try #require(try JSONSerialization.jsonObject(with: Data(explicit.stdout.utf8)) as? [String: Any])
        #expect(explicitInfo["verified"] as? Bool == false)
        #expect(explicitInfo["source"] as? String == "EDGEBENCH_LITERT")
    }

    /// Real shared libraries without the Edge TPU symbols: a C++ one loaded afresh (a copy of LiteRT itself, when
    /// installed) and system ones.
    static func librariesWithoutEdgeTPUSymbols(in directory: String) -> [String] {
        var candidates: [String] = []
        if let runtime = Fixtures.runtimePath {
            let copy = directory + "/libLiteRt-copy.so"
            if (try? FileManager.default.copyItem(atPath: runtime, toPath: copy)) != nil { candidates.append(copy) }
        }
        for system in ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
                       "/lib/x86_64-linux-gnu/libz.so.1", "/lib/aarch64-linux-gnu/libz.so.1"]
        where FileManager.default.fileExists(atPath: system) {
            candidates.append(system)
        }
        return candidates
    }

    @Test("EDGEBENCH_EDGETPU_LIB=<a library without the Edge TPU symbols>: devices names the missing symbol and exits without a signal")
    func devicesWithWrongLibrary() throws {
        let directory = TemporaryDirectory()
        let libraries = Self.librariesWithoutEdgeTPUSymbols(in: directory.path)
        #expect(!libraries.isEmpty)
        for library in libraries {
            let result = try CLI.run(["devices", "--no-gpu-probe"], environment: ["EDGEBENCH_EDGETPU_LIB": library])
            #expect(!result.signaled, "\(library): \(result.stderr)")
            #expect(result.status == 0, "\(library): \(result.stderr)")
            #expect(result.stdout.contains("edgetpu_list_devices"), "\(library): \(result.stdout)")
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("backtrace"), "\(library): \(result.stderr)")
        }
    }

    @Test("EDGEBENCH_EDGETPU_LIB=<a library without the Edge TPU symbols>: classify MODEL@usb is unavailable (69), without a signal",
          .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
    func classifyWithWrongLibrary() throws {
        let directory = TemporaryDirectory()
        for library in Self.librariesWithoutEdgeTPUSymbols(in: directory.path) {
            let result = try CLI.run(["classify", Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite") + "@usb", Fixtures.image("cat.bmp")],
                                     environment: ["EDGEBENCH_EDGETPU_LIB": library])
            #expect(!result.signaled, "\(library): \(result.stderr)")
            #expect(result.status == 69, "\(library): \(result.stderr)")
            #expect(result.stderr.contains("edgetpu_list_devices"), "\(library): \(result.stderr)")
        }
    }
}
