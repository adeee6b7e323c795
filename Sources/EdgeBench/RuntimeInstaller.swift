import Foundation
import ZIPFoundation

/// Installs the pinned LiteRT runtime into the user cache, verified against `RuntimePins` before anything loads it.
///
/// Steps: `python3 -m pip download --no-deps --require-hashes` of ai-edge-litert==2.3.0 with the platform and
/// Python tags and the wheel's SHA-256 pinned, into a temporary folder; check the saved wheel's name and SHA-256
/// again ourselves; extract `libLiteRt.so` and `libLiteRtWebGpuAccelerator.so` with ZIPFoundation and check each
/// one's SHA-256; record size, mtime and hash of each in `edgebench-install.json`; move the folder into the cache
/// with one rename, so a half-finished install is never seen. Nothing is `dlopen`ed here: a library whose bytes
/// match the pin is the one whose symbols edgebench is written against, and loading an unverified one would run
/// its constructors.
public struct RuntimeInstaller: Sendable {
    /// The wheel's tags per machine architecture (`uname -m`).
    public static let wheelPlatforms: [String: String] = Dictionary(
        uniqueKeysWithValues: RuntimePins.wheels.map { ($0.architecture, $0.platformTag) })
    /// The wheel is the same native library for every CPython; one tag is pinned.
    public static let pythonVersion = "3.11"

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

    /// Downloads, verifies and installs the runtime.
    /// - Returns: The installed runtime's location.
    /// - Throws: `RuntimeTrustError.hashMismatch` (or `.unexpectedWheel`, `.libraryMissingFromWheel`) when the
    ///   download is not the pinned wheel — nothing is installed then and a previous install stays as it was;
    ///   `EdgeBenchError.runtimeInstallFailed` naming any other failed step and what to do.
    public func install() throws -> RuntimeLocation {
        let architecture = Self.machineArchitecture
        guard let pins = RuntimePins.wheel(forArchitecture: architecture) else {
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

        log("Downloading ai-edge-litert==\(RuntimeLocation.pinnedVersion) (\(pins.platformTag)) with pip…")
        let wheel = try downloadWheel(pins, into: download, requirementsFile: staging + "/requirements.txt")
        // pip checked the hash already; check again so no pip version, configuration or stand-in can skip it.
        try Self.verify(file: wheel, displayName: pins.fileName, expected: pins.sha256)
        log("Extracting \(pins.libraries.map(\.name).joined(separator: ", ")) from \(pins.fileName)…")
        let content = staging + "/content"
        try extract(wheel: wheel, pins: pins, into: content)
        try? RuntimeLocation.pinnedVersion.write(toFile: content + "/VERSION", atomically: true, encoding: .utf8)
        do {
            try RuntimeVerification.recordInstall(directory: content, wheel: pins)
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "writing \(RuntimeInstallManifest.fileName)",
                                                      detail: (error as? LocalizedError)?.errorDescription ?? "\(error)")
        }

        // Replace any previous install with one rename of the folder; put it back if that rename fails.
        let previous = staging + "/previous"
        let hadPrevious = fileManager.fileExists(atPath: cacheDirectory) && rename(cacheDirectory, previous) == 0
        guard rename(content, cacheDirectory) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadPrevious { _ = rename(previous, cacheDirectory) }
            throw EdgeBenchError.runtimeInstallFailed(step: "moving it into \(cacheDirectory)", detail: reason)
        }
        log("Installed LiteRT \(RuntimeLocation.pinnedVersion) in \(cacheDirectory) (SHA-256 verified)")
        return RuntimeLocation(path: cacheDirectory + "/libLiteRt.so", version: RuntimeLocation.pinnedVersion, source: "cache")
    }

    /// Throws `RuntimeTrustError.hashMismatch` unless the file's SHA-256 is `expected`.
    static func verify(file path: String, displayName: String, expected: String) throws {
        let actual: String
        do {
            actual = try RuntimeVerification.sha256(ofFile: path)
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "reading \(path)", detail: error.localizedDescription)
        }
        guard actual == expected else {
            throw RuntimeTrustError.hashMismatch(file: displayName, expected: expected, actual: actual)
        }
    }

    private func downloadWheel(_ pins: PinnedWheel, into directory: String, requirementsFile: String) throws -> String {
        // A requirements file is the only way to give pip a hash; with it pip refuses any other bytes.
        let requirement = "ai-edge-litert==\(RuntimeLocation.pinnedVersion) --hash=sha256:\(pins.sha256)\n"
        do {
            try requirement.write(toFile: requirementsFile, atomically: true, encoding: .utf8)
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "writing \(requirementsFile)", detail: error.localizedDescription)
        }
        let arguments = ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--require-hashes",
                         "--platform", pins.platformTag, "--python-version", Self.pythonVersion,
                         "--disable-pip-version-check", "-d", directory, "-r", requirementsFile]
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
            if let refused = Self.hashRefusal(inPipOutput: text, pins: pins) { throw refused }
            let lastLines = text.split(separator: "\n").suffix(3).joined(separator: "\n")
            let hint = text.contains("No module named pip")
                ? "pip is not installed: `apt-get install python3-pip`."
                : "check the network connection to PyPI (or a pip mirror), then retry; or set EDGEBENCH_LITERT to an existing libLiteRt.so."
            throw EdgeBenchError.runtimeInstallFailed(step: "downloading the wheel with pip (exit \(process.terminationStatus))",
                                                      detail: "\(lastLines)\n\(hint)")
        }
        let wheels = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".whl") }.sorted()
        guard wheels == [pins.fileName] else {
            throw RuntimeTrustError.unexpectedWheel(found: wheels, expected: pins.fileName)
        }
        return directory + "/" + pins.fileName
    }

    /// pip's `--require-hashes` refusal ("THESE PACKAGES DO NOT MATCH THE HASHES … Expected sha256 X … Got Y")
    /// as a `RuntimeTrustError.hashMismatch`, or nil when pip failed for another reason.
    static func hashRefusal(inPipOutput text: String, pins: PinnedWheel) -> RuntimeTrustError? {
        guard text.contains("DO NOT MATCH THE HASHES") else { return nil }
        let words = text.split(whereSeparator: \.isWhitespace)
        let actual = words.firstIndex(of: "Got").flatMap { words.index(after: $0) < words.endIndex ? String(words[words.index(after: $0)]) : nil }
        return .hashMismatch(file: pins.fileName + " (refused by pip --require-hashes)", expected: pins.sha256,
                             actual: actual ?? "unknown (see pip's output)")
    }

    private func extract(wheel: String, pins: PinnedWheel, into directory: String) throws {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: wheel), accessMode: .read)
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "opening \(wheel)", detail: "not a valid wheel (zip): \(error.localizedDescription)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw EdgeBenchError.runtimeInstallFailed(step: "creating \(directory)", detail: error.localizedDescription)
        }
        for pin in pins.libraries {
            guard let entry = archive["ai_edge_litert/" + pin.name] else {
                throw RuntimeTrustError.libraryMissingFromWheel(name: pin.name, wheel: pins.fileName)
            }
            let destination = directory + "/" + pin.name
            do {
                _ = try archive.extract(entry, to: URL(fileURLWithPath: destination))
            } catch {
                throw EdgeBenchError.runtimeInstallFailed(step: "extracting \(pin.name)", detail: error.localizedDescription)
            }
            // Each library is checked as written, before anything could load it.
            try Self.verify(file: destination, displayName: "\(pin.name) extracted from \(pins.fileName)", expected: pin.sha256)
        }
    }
}
