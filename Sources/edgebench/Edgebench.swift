import ArgumentParser
import EdgeBench
import Foundation
import ModelFormat

@main
struct Edgebench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgebench",
        abstract: "Run TensorFlow Lite / LiteRT models on every backend a machine has, and measure them honestly.",
        discussion: """
            Start with `edgebench demo` (the seed experiment: MobileNet v2 classifies an image, five timed runs). \
            Exit codes: 0 ok, 1 runtime failure, 3 bad input file, 64 usage error, 69 runtime, device or server not available, 74 output not written, 130/143 interrupted; `check` alone uses 2 (regression) and 4 (improvement).
            """,
        version: EdgeBenchVersion.current,
        subcommands: [Classify.self, Run.self, Bench.self, Compare.self, Profile.self, Inspect.self, Devices.self, Report.self, History.self, Check.self, Synth.self, Convert.self, Demo.self, RuntimeCommand.self]
    )

    /// Parses and runs a command, mapping every error to one message and a documented exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exitReporting(error)
        }
    }

    static func exitReporting(_ error: Error) -> Never {
        if let status = ErrorClassification.exitStatus(for: error) {
            Terminal.error(error.localizedDescription)
            Foundation.exit(status.rawValue)
        }
        let code = exitCode(for: error)
        // ArgumentParser's messages quote what the user typed (a pasted file name may hold ESC).
        let message = TerminalText.escape(fullMessage(for: error), keepingLineBreaks: true)
        if !message.isEmpty {
            if code == .success { print(message) } else { Terminal.errorRaw(message) }
        }
        // ArgumentParser's own codes: 64 (EX_USAGE) for usage errors, as in edgebench's table.
        Foundation.exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
    }
}
