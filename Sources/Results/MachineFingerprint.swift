import Foundation

/// The environment a result was measured in, stored with every result.
public struct MachineFingerprint: Sendable, Codable, Equatable {
    public var cpuModel: String
    public var logicalCores: Int
    public var governor: String
    public var kernel: String
    public var os: String
    public var swiftVersion: String
    public var edgebenchVersion: String
    public var litertPath: String?
    public var litertVersion: String?
    public var edgetpuRuntime: String?
    public var hostname: String
    /// `--machine-name` of the run (the name a fleet knows the machine by); nil in files written before it was
    /// recorded, where `name` falls back to the host name.
    public var machineName: String? = nil

    /// The machine's name: `--machine-name` when the run was given one, else the host name.
    public var name: String { machineName ?? hostname }

    enum CodingKeys: String, CodingKey {
        case cpuModel = "cpu_model", logicalCores = "logical_cores", governor, kernel, os
        case swiftVersion = "swift_version", edgebenchVersion = "edgebench_version"
        case litertPath = "litert_path", litertVersion = "litert_version", edgetpuRuntime = "edgetpu_runtime", hostname
        case machineName = "machine_name"
    }

    public init(cpuModel: String, logicalCores: Int, governor: String, kernel: String, os: String, swiftVersion: String,
                edgebenchVersion: String, litertPath: String?, litertVersion: String?, edgetpuRuntime: String?, hostname: String,
                machineName: String? = nil) {
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.governor = governor
        self.kernel = kernel
        self.os = os
        self.swiftVersion = swiftVersion
        self.edgebenchVersion = edgebenchVersion
        self.litertPath = litertPath
        self.litertVersion = litertVersion
        self.edgetpuRuntime = edgetpuRuntime
        self.hostname = hostname
        self.machineName = machineName
    }
}
