import Results
import Foundation

/// Which machine a run was measured on, as `check` compares baselines: its name (`--machine-name`, else the host
/// name) and the hardware and system of its fingerprint (CPU model, logical cores, kernel, OS).
///
/// The LiteRT version is left out on purpose: a new LiteRT on the same machine is what `check` is for (the outcome
/// still notes that the environments differ). So are the governor and the Swift/edgebench versions.
public struct MachineIdentity: Sendable, Equatable {
    public var name: String
    public var cpuModel: String
    public var logicalCores: Int
    public var kernel: String
    public var os: String

    public init(_ fingerprint: MachineFingerprint) {
        name = fingerprint.name
        cpuModel = fingerprint.cpuModel
        logicalCores = fingerprint.logicalCores
        kernel = fingerprint.kernel
        os = fingerprint.os
    }

    /// "rig-a (Intel Xeon, 2 cores, Linux 6.8.0 x86_64, Ubuntu 24.04)".
    public var summary: String { "\(name) (\(cpuModel), \(logicalCores) core\(logicalCores == 1 ? "" : "s"), \(kernel), \(os))" }

    /// What differs between `self` (the baseline's machine) and `other`, one phrase each; empty for the same machine.
    public func differences(from other: MachineIdentity) -> [String] {
        var found: [String] = []
        if name != other.name { found.append("name \(name) vs \(other.name)") }
        if cpuModel != other.cpuModel { found.append("CPU \(cpuModel) vs \(other.cpuModel)") }
        if logicalCores != other.logicalCores { found.append("\(logicalCores) vs \(other.logicalCores) logical cores") }
        if kernel != other.kernel { found.append("kernel \(kernel) vs \(other.kernel)") }
        if os != other.os { found.append("OS \(os) vs \(other.os)") }
        return found
    }
}

/// The machines of a check's baseline and current run, and whether comparing across machines was allowed.
public struct CheckMachines: Sendable, Equatable {
    public var baseline: MachineIdentity
    public var current: MachineIdentity
    /// `--any-machine` was given.
    public var anyMachine: Bool

    public init(baseline: MachineFingerprint, current: MachineFingerprint, anyMachine: Bool) {
        self.baseline = MachineIdentity(baseline)
        self.current = MachineIdentity(current)
        self.anyMachine = anyMachine
    }

    public var same: Bool { baseline.differences(from: current).isEmpty }

    /// The refusal when the machines differ and `--any-machine` was not given; nil otherwise.
    public var refusal: CheckError? {
        guard !same, !anyMachine else { return nil }
        return .differentMachine(baseline: baseline.summary, current: current.summary, differences: baseline.differences(from: current))
    }

    /// The sentence the outcome carries when a baseline of another machine was compared (`--any-machine`); nil otherwise.
    public var crossMachineNote: String? {
        guard !same else { return nil }
        return "compared across machines (--any-machine): baseline measured on \(baseline.summary), current on \(current.summary)"
    }
}
