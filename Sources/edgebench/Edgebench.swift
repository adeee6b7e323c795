import ArgumentParser
import EdgeBench
import Foundation
import ModelFormat
import Results

@main
struct Edgebench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edgebench",
        abstract: "Run TensorFlow Lite / LiteRT models on every backend a machine has, and measure them honestly.",
        discussion: """
            Start with `edgebench demo` (the seed experiment: MobileNet v2 classifies an image, five timed runs). \
            Exit codes: 0 ok, 1 runtime failure, 3 bad input (a model, image, labels, report or database file missing, unreadable or malformed), 64 usage error, 69 runtime, device or server not available, 74 output not written (result file, report, history database), 130/143 interrupted by SIGINT/SIGTERM after writing what was measured; `check` alone uses 2 (regression) and 4 (improvement), only as verdicts (see `edgebench check --help`).
            """,
        version: EdgeBenchVersion.current,
        subcommands: [Classify.self, Run.self, Bench.self, Compare.self, Profile.self, Accuracy.self, Inspect.self, Estimate.self, Devices.self, Report.self, History.self, Check.self, Synth.self, Convert.self, Demo.self, RuntimeCommand.self]
    )

    /// Parses and runs a command, mapping every error to one message and a documented exit code.
    static func main() {
        Interrupt.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exitReporting(error)
        }
    }

    /// Ends the process for `error`: the exit status of the project's table, and a message whose first line is
    /// `edgebench: error: …`. Errors of edgebench's modules say which status they deserve; ArgumentParser's own
    /// (usage, help, `ExitCode`) keep its codes with usage as 64; anything else is a runtime failure (1).
    static func exitReporting(_ error: Error) -> Never {
        if let status = ErrorClassification.exitStatus(for: error) {
            Terminal.error(ErrorClassification.message(for: error))
            Foundation.exit(status.rawValue)
        }
        guard isArgumentParserError(error) else {
            Terminal.error((error as? LocalizedError)?.errorDescription ?? String(describing: error))
            Foundation.exit(ExitStatus.runtimeFailure.rawValue)
        }
        let code = exitCode(for: error)
        // ArgumentParser's messages quote what the user typed (a pasted file name may hold ESC).
        var message = TerminalText.escape(fullMessage(for: error), keepingLineBreaks: true)
        if !message.isEmpty {
            if code == .success {
                print(message)
            } else {
                if message.hasPrefix("Error: ") { message = "edgebench: error: " + message.dropFirst("Error: ".count) }
                Terminal.errorRaw(message)
            }
        }
        // ArgumentParser's own codes: 64 (EX_USAGE) for usage errors, as in edgebench's table.
        Foundation.exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
    }

    /// True for the errors ArgumentParser itself raises or interprets (parse errors, help requests, `ExitCode`,
    /// `ValidationError`, `CleanExit`).
    static func isArgumentParserError(_ error: Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}
