import Foundation
import LiteRT
import ZIPFoundation

/// Installs the pinned LiteRT runtime into the user cache.
///
/// Steps: `python3 -m pip download --no-deps ai-edge-litert==2.3.0` with the platform and Python
/// tags pinned (so every machine of one architecture gets the same wheel) into a temporary folder;
/// extract `libLiteRt.so` and `libLiteRtWebGpuAccelerator.so` with ZIPFoundation; check that the
/// runtime loads and exports every symbol edgebench uses; move the folder into the cache with one
/// rename, so a half-finished install is never seen.
public struct RuntimeInstaller: Sendable {
    /// The wheel's tags per machine architecture (`uname -m`).
    public static let wheelPlatforms: [String: String] = [
        "x86_64": "manylinux_2_27_x86_64",
        "aarch64": "manylinux_2_27_aarch64",
    ]
    /// The wheel is the same native library for every CPython; one tag is pinned.
    public static let pythonVersion = "3.11"
    static let libraries = ["libLiteRt.so", "libLiteRtWebGpuAccelerator.so"]

    public var cacheDirectory: String
    public var python: String
    /// Receives one-line progress notes.
    public var log: @Sendable (String) -> Void

    public init(cacheDirectory: String = RuntimeLocation.cacheDirectory(), python: String = "python3",
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.cacheDirectory = cacheDirectory
        self.python = python
        self.log = log
    }

    /// The current machine's architecture name.
    public static var machineArchitecture: String {
        var info = utsname()
        uname(&info)
        return withUnsafeBytes(of: &info.machine) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Downloads and installs the runtime.
    /// - Returns: The installed runtime's location.
    /// - Throws: `EdgeBenchError.runtimeInstallFailed` naming the failed step and what to do.
    public func install() throws -> RuntimeLocation {
        let architecture = Self.machineArchitecture
        guard let platform = Self.wheelPlatforms[architecture] else {
            throw EdgeBenchError.runtimeInstallFailed(step: "choosing a wheel",
                detail: "ai-edge-litert \(RuntimeLocation.pinnedVersion) has no Linux wheel for \(architecture); supported: \(Self.wheelPlatforms.keys.sorted().joined(separator: ", ")).")
        }
        let fileManager = FileManager.default
        let parent = (cacheDirectory as NSString).deletingLastPathComponent
        do {
            try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "creating \(parent)", detail: error.localizedDescription)
        }
        // The staging folder sits next to the destination so the final rename stays on one file system.
        let staging = parent + "/.install-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        let download = staging + "/wheel"
        defer { try? fileManager.removeItem(atPath: staging) }
        do {
            try fileManager.createDirectory(atPath: download, withIntermediateDirectories: true)
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "creating \(staging)", detail: error.localizedDescription)
        }

        log("Downloading ai-edge-litert==\(RuntimeLocation.pinnedVersion) (\(platform)) with pip…")
        let wheel = try downloadWheel(platform: platform, into: download)
        log("Extracting \(Self.libraries.joined(separator: ", ")) from \((wheel as NSString).lastPathComponent)…")
        let content = staging + "/content"
        try extract(wheel: wheel, into: content)
        try? RuntimeLocation.pinnedVersion.write(toFile: content + "/VERSION", atomically: true, encoding: .utf8)

        // Check before accepting: it must load and export every symbol we call.
        do {
            _ = try LiteRTLibrary.load(path: content + "/libLiteRt.so")
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "checking the downloaded library", detail: error.localizedDescription)
        }

        // Replace any previous install with one rename of the folder; put it back if that rename fails.
        let previous = staging + "/previous"
        let hadPrevious = fileManager.fileExists(atPath: cacheDirectory) && rename(cacheDirectory, previous) == 0
        guard rename(content, cacheDirectory) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadPrevious { _ = rename(previous, cacheDirectory) }
            throw EdgeBenchError.runtimeInstallFailed(step: "moving it into \(cacheDirectory)", detail: reason)
        }
        log("Installed LiteRT \(RuntimeLocation.pinnedVersion) in \(cacheDirectory)")
        return RuntimeLocation(path: cacheDirectory + "/libLiteRt.so", version: RuntimeLocation.pinnedVersion, source: "cache")
    }

    private func downloadWheel(platform: String, into directory: String) throws -> String {
        let arguments = ["-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                         "--platform", platform, "--python-version", Self.pythonVersion,
                         "--disable-pip-version-check", "-d", directory,
                         "ai-edge-litert==\(RuntimeLocation.pinnedVersion)"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "starting \(python)",
                detail: "\(error.localizedDescription). Install Python 3 with pip (Debian: `apt-get install python3-pip`), or download the wheel ai-edge-litert==\(RuntimeLocation.pinnedVersion) yourself and set EDGEBENCH_LITERT to the libLiteRt.so inside it.")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let lastLines = text.split(separator: "\n").suffix(3).joined(separator: "\n")
            let hint = text.contains("No module named pip")
                ? "pip is not installed: `apt-get install python3-pip`."
                : "check the network connection to PyPI (or a pip mirror), then retry; or set EDGEBENCH_LITERT to an existing libLiteRt.so."
            throw EdgeBenchError.runtimeInstallFailed(step: "downloading the wheel with pip (exit \(process.terminationStatus))",
                                                      detail: "\(lastLines)\n\(hint)")
        }
        let wheels = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".whl") }
        guard let wheel = wheels.first else {
            throw EdgeBenchError.runtimeInstallFailed(step: "downloading the wheel", detail: "pip reported success but left no .whl file in \(directory).")
        }
        return directory + "/" + wheel
    }

    private func extract(wheel: String, into directory: String) throws {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: wheel), accessMode: .read)
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "opening \(wheel)", detail: "not a valid wheel (zip): \(error.localizedDescription)")
        }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in Self.libraries {
            guard let entry = archive["ai_edge_litert/" + name] else {
                if name == "libLiteRt.so" {
                    throw EdgeBenchError.runtimeInstallFailed(step: "extracting \(name)", detail: "the wheel has no ai_edge_litert/\(name).")
                }
                continue  // optional libraries (GPU) may be absent on some platforms
            }
            do {
                _ = try archive.extract(entry, to: URL(fileURLWithPath: directory + "/" + name))
            } catch {
                throw EdgeBenchError.runtimeInstallFailed(step: "extracting \(name)", detail: error.localizedDescription)
            }
        }
    }
}
