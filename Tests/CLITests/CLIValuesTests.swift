import FixtureSupport
import Foundation
import Testing

private let noInstall = ["EDGEBENCH_NO_AUTO_INSTALL": "1"]
private let quick = ["--runs", "3", "--min-time", "0", "--warmup", "0", "--quiet", "--no-history"]

/// Exit 64, no signal, nothing on stdout, and stderr naming every one of `mentions`.
private func expectUsageError(_ result: CLIResult, mentions: [String], _ what: String) {
    #expect(!result.signaled && !result.timedOut, "\(what): signal or timeout")
    #expect(result.status == 64, "\(what): exit \(result.status)\n\(result.stderr)")
    for text in mentions { #expect(result.stderr.contains(text), "\(what): stderr does not mention \(text):\n\(result.stderr)") }
    #expect(result.stdout.isEmpty, "\(what): printed to stdout")
}

private struct BenchJSON: Decodable {
    struct Result: Decodable { var model: String; var kernels: String; var threads: Int; var available: Bool; var configuration: String? }
    var results: [Result]
}

@Suite("Option and key values: checked once, explicit beats default, files with @ in their names",
       .serialized, .enabled(if: CLI.available && Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
struct CLIValuesTests {
    let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
    let iris = Fixtures.model("iris_lite.tflite")
    let image = Fixtures.image("cat.bmp")

    // MARK: Explicit keys and flags

    @Test("bench M:kernels=builtin measures builtin kernels (the key beats the --kernels default)", .enabled(if: Fixtures.runtimeAvailable))
    func keyBeatsDefault() throws {
        let result = try CLI.run(["bench", iris + ":kernels=builtin", "--format", "json"] + quick, timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(BenchJSON.self, from: Data(result.stdout.utf8))
        #expect(report.results.map(\.kernels) == ["builtin"])
        // Kernels the user chose never fall back automatically, and the canonical text says so.
        #expect(report.results.first?.configuration?.hasSuffix("@cpu:kernels=builtin,kernel_fallback=false") == true)
    }

    @Test("an explicit flag that contradicts a key is a usage error naming both")
    func flagContradictsKey() throws {
        for arguments in [["bench", iris + ":kernels=builtin", "--kernels", "xnnpack"] + quick,
                          ["compare", iris + ":kernels=builtin", iris, "--kernels", "xnnpack"] + quick,
                          ["run", iris + ":threads=1", "--input", "1,2,3,4", "--threads", "2"]] {
            let result = try CLI.run(arguments, environment: noInstall)
            let flag = arguments.contains("--kernels") ? "--kernels xnnpack" : "--threads 2"
            let key = arguments.contains("--kernels") ? "kernels=builtin" : "threads=1"
            expectUsageError(result, mentions: [flag, key], arguments.joined(separator: " "))
        }
    }

    @Test("a model file named model@2x.tflite runs in bench and compare, and with @cpu after it", .enabled(if: Fixtures.runtimeAvailable))
    func atInFileName() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/model@2x.tflite"
        try FileManager.default.copyItem(atPath: iris, toPath: path)
        let bench = try CLI.run(["bench", path, "--format", "json"] + quick)
        #expect(bench.status == 0, "\(bench.stderr)")
        let report = try JSONDecoder().decode(BenchJSON.self, from: Data(bench.stdout.utf8))
        #expect(report.results.map(\.model) == [path])
        #expect(report.results.first?.configuration?.contains("model%402x.tflite@cpu") == true)
        let compare = try CLI.run(["compare", path, path + "@cpu:threads=1"] + quick)
        #expect(compare.status == 0, "\(compare.stderr)")
        let run = try CLI.run(["run", path, "--input", "1,2,3,4"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    // MARK: Values with the right messages

    @Test("non-finite float options are usage errors, and never a trap",
          arguments: [["--input-mean", "nan"], ["--input-mean", "inf"], ["--input-std", "-inf"], ["--threshold", "nan"]])
    func nonFiniteClassifyOptions(_ flag: [String]) throws {
        let arguments = ["classify", model, image, "--runs", "1"] + flag
        let result = try CLI.run(arguments, environment: noInstall, timeout: 60)
        expectUsageError(result, mentions: [flag[0], "finite"], arguments.joined(separator: " "))
    }

    @Test("non-finite times are usage errors", arguments: [["--min-time", "nan"], ["--max-time", "inf"], ["--max-time", "nan"]])
    func nonFiniteTimes(_ flag: [String]) throws {
        let arguments = ["bench", iris, "--quiet", "--no-history"] + flag
        expectUsageError(try CLI.run(arguments, environment: noInstall), mentions: [flag[0], "finite"], arguments.joined(separator: " "))
    }

    @Test("--runs out of range names the real range, also for -1 as a separate word",
          arguments: [(["bench"], "-1", "between 1 and 10000000 (got -1)"), (["bench"], "2000000000", "between 1 and 10000000 (got 2000000000)"),
                      (["classify", "IMAGE"], "-1", "between 1 and 100000 (got -1)"), (["run"], "0", "between 1 and 100000 (got 0)")])
    func runsRange(_ command: [String], _ runs: String, _ message: String) throws {
        var arguments = [command[0], command[0] == "classify" ? model : iris] + command.dropFirst().map { _ in image }
        if command[0] == "run" { arguments += ["--input", "1,2,3,4"] }
        arguments += ["--runs", runs]
        expectUsageError(try CLI.run(arguments, environment: noInstall), mentions: ["--runs", message], arguments.joined(separator: " "))
    }

    @Test("a key or flag value outside its domain is a usage error naming it",
          arguments: [(["compare", "MODEL:fallback=maybe", "MODEL"], ["fallback", "maybe"]),
                      (["bench", "MODEL", "--threads", "1,,2"], ["--threads", "empty item", "1,,2"]),
                      (["bench", "MODEL", "--threads", "-1"], ["--threads must be between 1 and 256 (got -1)"]),
                      (["bench", "MODEL:threads=300"], ["threads must be between 1 and 256 (got 300)"]),
                      (["bench", "MODEL", "--kernels", "xnnpack,fast"], ["--kernels", "fast", "reference"]),
                      (["bench", "MODEL", "--usb-queue", "256"], ["--usb-queue must be between 0 and 255 (got 256)"]),
                      (["bench", "MODEL@usb:performance=turbo"], ["performance", "turbo", "max"]),
                      (["classify", "MODEL", "IMAGE", "--threads", "1,2"], ["--threads", "one value"])])
    func badValues(_ template: [String], _ mentions: [String]) throws {
        let filled = template.map { $0.replacingOccurrences(of: "MODEL", with: iris).replacingOccurrences(of: "IMAGE", with: image) }
        let arguments = filled + (template[0] == "classify" ? [] : quick)
        let result = try CLI.run(arguments, environment: noInstall)
        expectUsageError(result, mentions: mentions, arguments.joined(separator: " "))
    }

    // MARK: Terminal-safe text

    /// iris_lite.tflite with every "Identity" (its output tensor's name) turned into "ESC[31mity": same length, so the
    /// FlatBuffer's offsets stay valid.
    static func modelWithEscapeInName(in directory: TemporaryDirectory) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.model("iris_lite.tflite"))))
        let needle = Array("Identity".utf8), replacement = Array("\u{1B}[31mity".utf8)
        precondition(needle.count == replacement.count)
        var replaced = 0
        var index = 0
        while index + needle.count <= bytes.count {
            if Array(bytes[index..<index + needle.count]) == needle {
                bytes.replaceSubrange(index..<index + needle.count, with: replacement)
                replaced += 1
            }
            index += 1
        }
        #expect(replaced > 0, "iris_lite.tflite no longer names its output Identity")
        let path = directory.path + "/escape.tflite"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("inspect and run print a tensor name holding ESC[31m escaped, with no raw ESC byte")
    func escapedTensorName() throws {
        let directory = TemporaryDirectory()
        let path = try Self.modelWithEscapeInName(in: directory)
        var commands = [["inspect", path]]
        if Fixtures.runtimeAvailable { commands.append(["run", path, "--input", "1,2,3,4"]) }
        for arguments in commands {
            let result = try CLI.run(arguments, environment: noInstall, timeout: 60)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.utf8.contains(0x1B) && !result.stderr.utf8.contains(0x1B), "\(arguments): raw ESC printed")
            #expect(result.stdout.contains("\\u{1B}[31mity"), "\(arguments): \(result.stdout)")
        }
    }

    @Test("classify prints labels holding ESC escaped", .enabled(if: Fixtures.runtimeAvailable))
    func escapedLabels() throws {
        let directory = TemporaryDirectory()
        let labels = directory.path + "/labels.txt"
        let lines = (0..<1001).map { "\u{1B}[2J\u{1B}]0;owned\u{7}class \($0)" }
        try lines.joined(separator: "\n").write(toFile: labels, atomically: true, encoding: .utf8)
        let result = try CLI.run(["classify", model, image, "--labels", labels, "--runs", "1"], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.utf8.contains(0x1B) && !result.stdout.utf8.contains(0x07))
        #expect(result.stdout.contains("\\u{1B}[2J"))
    }

    @Test("an error message quoting a path with ESC prints it escaped")
    func escapedErrorMessage() throws {
        let result = try CLI.run(["inspect", "/nonexistent/\u{1B}[31mred.tflite"], environment: noInstall)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(!result.stderr.utf8.contains(0x1B))
        #expect(result.stderr.contains("\\u{1B}[31mred.tflite"))
    }
}
