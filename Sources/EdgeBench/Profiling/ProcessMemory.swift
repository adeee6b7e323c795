import Foundation

/// The process's resident memory at one moment, from `/proc/self/status` (Linux).
public struct ProcessMemory: Sendable, Equatable, Codable {
    /// `VmRSS`: resident set size now, in bytes.
    public var residentBytes: Int
    /// `VmHWM`: the largest resident set size the process has had so far, in bytes.
    public var peakResidentBytes: Int

    /// Reads `/proc/self/status`; nil where it does not exist or lacks the fields (not Linux).
    public static func read() -> ProcessMemory? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return parse(status: text)
    }

    /// The figures of a `/proc/PID/status` text ("VmRSS:    1234 kB"); nil when either is missing.
    static func parse(status text: String) -> ProcessMemory? {
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
            guard parts.count >= 2, parts[0] == "VmRSS" || parts[0] == "VmHWM", let kilobytes = Int(parts[1]) else { continue }
            values[String(parts[0])] = kilobytes * 1024
        }
        guard let resident = values["VmRSS"], let peak = values["VmHWM"] else { return nil }
        return ProcessMemory(residentBytes: resident, peakResidentBytes: peak)
    }
}

/// Resident memory read at each phase of opening a session: before the runtime and model load, after the
/// model load, after compilation (tensors allocated), after the first run.
public struct MemoryPhases: Sendable, Equatable {
    public var beforeLoad: ProcessMemory?
    public var afterModelLoad: ProcessMemory?
    public var afterCompile: ProcessMemory?
    public var afterFirstRun: ProcessMemory?

    public init(beforeLoad: ProcessMemory?) { self.beforeLoad = beforeLoad }
}
