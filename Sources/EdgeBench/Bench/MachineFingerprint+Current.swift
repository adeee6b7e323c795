import EdgeTPU
import Foundation
import Results

extension MachineFingerprint {
    /// Reads the current machine.
    /// - Parameters:
    ///   - runtime: The LiteRT runtime the results were measured with.
    ///   - edgetpuRuntime: libedgetpu's version string when a configuration used it (`edgetpuRuntime(for:)`).
    public static func current(runtime: RuntimeLocation?, edgetpuRuntime: String? = nil) -> MachineFingerprint {
        MachineFingerprint(
            cpuModel: cpuModel(), logicalCores: ProcessInfo.processInfo.activeProcessorCount, governor: governor(),
            kernel: kernelVersion(), os: osName(), swiftVersion: compilerVersion, edgebenchVersion: EdgeBenchVersion.current,
            litertPath: runtime?.path, litertVersion: runtime?.version, edgetpuRuntime: edgetpuRuntime,
            hostname: ProcessInfo.processInfo.hostName)
    }

    /// The version of the libedgetpu that Edge TPU configurations loaded ("BuildLabel(COMPILER=…), RuntimeVersion(14)"),
    /// or nil when no configuration is on the Edge TPU backend or the library could not be loaded.
    ///
    /// A CPU or GPU run never loads libedgetpu for this: the library is only asked (it is loaded once per path,
    /// so this finds the copy the Edge TPU backend already loaded) when an Edge TPU configuration was measured or tried.
    public static func edgetpuRuntime(for configurations: [BenchConfiguration]) -> String? {
        guard configurations.contains(where: { $0.settings.backend == .edgetpu }),
              let version = try? EdgeTPULibrary.locate().version, !version.isEmpty else { return nil }
        return version
    }

    static var compilerVersion: String {
        #if compiler(>=6.3)
        return "6.3+"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") || line.hasPrefix("Model") {
            if let value = line.split(separator: ":", maxSplits: 1).last { return value.trimmingCharacters(in: .whitespaces) }
        }
        return "unknown"
    }

    /// The CPU frequency governor of cpu0, or "unknown" where the kernel does not expose one (VMs).
    static func governor() -> String {
        (try? String(contentsOfFile: "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
    }

    static func kernelVersion() -> String {
        var info = utsname()
        uname(&info)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(field(info.sysname)) \(field(info.release)) \(field(info.machine))"
    }

    static func osName() -> String {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return "unknown"
    }
}
