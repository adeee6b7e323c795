import FixtureSupport
import Foundation

/// Runs the built `edgebench` binary as a user would, capturing output, exit status and signals.
struct CLIResult {
    var status: Int32
    var signaled: Bool
    var stdout: String
    var stderr: String
    var timedOut: Bool
}

enum CLI {
    /// The binary next to the test bundle (`swift build` puts both in the same folder).
    static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["EDGEBENCH_BIN"] { return explicit }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            let candidate = url.deletingLastPathComponent().appendingPathComponent("edgebench")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            url = url.deletingLastPathComponent()
        }
        return Fixtures.packageRoot.appendingPathComponent(".build/debug/edgebench").path
    }()

    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// Runs edgebench with `arguments`; with `signal`, sends it that signal after `delay` seconds (as CI
    /// and systemd do); waits at most `timeout` seconds, then kills it.
    static func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: TimeInterval = 120,
                    signal: (number: Int32, delay: TimeInterval)? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["EDGEBENCH_FIXTURES"] = Fixtures.directory
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let directory = TemporaryDirectory()
        let outPath = directory.path + "/out", errPath = directory.path + "/err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if let signal {
            Thread.sleep(forTimeInterval: signal.delay)
            kill(process.processIdentifier, signal.number)
        }
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                // A process that ignores SIGTERM (the signal under test) must still end.
                kill(process.processIdentifier, signal == nil ? SIGTERM : SIGKILL)
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus,
                         signaled: process.terminationReason == .uncaughtSignal,
                         stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                         timedOut: timedOut)
    }
}
