import FixtureSupport
import Foundation
import Testing

/// Where the loopback servers of `scripts/ci-services.sh` are; nil (and the test skips) when absent.
enum FleetServers {
    static let environment = ProcessInfo.processInfo.environment

    /// promtool from EDGEBENCH_TEST_PROMTOOL, else on the PATH.
    static let promtool: String? = {
        if let explicit = environment["EDGEBENCH_TEST_PROMTOOL"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        for folder in (environment["PATH"] ?? "").split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/promtool") {
            return "\(folder)/promtool"
        }
        return nil
    }()

    static let pushgateway: String? = environment["EDGEBENCH_TEST_PUSHGATEWAY"]

    static let promtoolMissing = "promtool not found (set EDGEBENCH_TEST_PROMTOOL or install Debian's prometheus; scripts/ci-services.sh does)"
    static let pushgatewayMissing = "no Pushgateway: set EDGEBENCH_TEST_PUSHGATEWAY=http://127.0.0.1:9091 (scripts/ci-services.sh starts one)"

    /// Runs a tool, returning its exit status and its standard output and error together.
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// GET or DELETE on the gateway with curl (the test target has no HTTP client of its own).
    static func curl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try run("/usr/bin/env", ["curl", "-sS", "--max-time", "10"] + arguments)
    }
}

@Suite("Prometheus textfile and Pushgateway from bench and compare", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct PrometheusCLITests {
    let quick = ["--runs", "5", "--min-time", "0", "--warmup", "1", "--quiet", "--no-history"]

    @Test("--prometheus-textfile writes the latency summary, labelled with --machine-name and --tag, atomically")
    func textfile() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/edgebench.prom"
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--prometheus-textfile", path,
                                  "--machine-name", "rig \"a\"", "--tag", "commit=abc123"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("# TYPE edgebench_latency_seconds summary"))
        #expect(text.contains(#"model="iris_lite.tflite",backend="cpu",device="",threads="#))
        #expect(text.contains(#"machine="rig \"a\"",commit="abc123",quantile="0.99"}"#))
        #expect(text.contains("edgebench_latency_seconds_count{"))
        #expect(text.contains("edgebench_init_seconds{"))
        #expect(text.contains("edgebench_first_run_seconds{"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["edgebench.prom"])
    }

    @Test("promtool check metrics accepts the textfile of a two-configuration compare",
          .enabled(if: FleetServers.promtool != nil, Comment(rawValue: FleetServers.promtoolMissing)))
    func promtoolAccepts() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/compare.prom"
        let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
        let result = try CLI.run(["compare", model + ":threads=1", model + ":threads=2", "--prometheus-textfile", path,
                                  "--tag", "suite=ci"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        let check = try FleetServers.run(FleetServers.promtool!, ["check", "metrics"], stdin: try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(check.status == 0, "promtool: \(check.output)")
        #expect(!check.output.contains("error"), "promtool: \(check.output)")
    }

    @Test("--pushgateway pushes one group per configuration that the Pushgateway serves back with job and instance",
          .enabled(if: FleetServers.pushgateway != nil, Comment(rawValue: FleetServers.pushgatewayMissing)))
    func pushRoundTrip() throws {
        let gateway = FleetServers.pushgateway!
        let machine = "test-rig-\(UUID().uuidString.prefix(8))"
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--pushgateway", gateway, "--machine-name", machine,
                                  "--tag", "commit=abc123"] + quick)
        #expect(result.status == 0, "\(result.stderr)")
        let served = try FleetServers.curl([gateway + "/metrics"])
        #expect(served.status == 0, "\(served.output)")
        let lines = served.output.split(separator: "\n").filter { $0.contains("instance=\"\(machine)\"") }
        let p50 = lines.first { $0.hasPrefix("edgebench_latency_seconds{") && $0.contains(#"quantile="0.5""#) }
        #expect(p50?.contains(#"job="edgebench""#) == true, "served: \(lines)")
        #expect(p50?.contains(#"commit="abc123""#) == true)
        #expect(p50?.contains(#"model="iris_lite.tflite""#) == true)
        #expect(lines.contains { $0.hasPrefix("edgebench_first_run_seconds{") })
        // Leave the gateway as it was: delete the groups this test pushed.
        let groups = try FleetServers.curl([gateway + "/api/v1/metrics"])
        if let data = groups.output.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let entries = object["data"] as? [[String: Any]] {
            for entry in entries {
                guard let labels = entry["labels"] as? [String: String], labels["instance"] == machine else { continue }
                let path = ["job", "instance", "model", "configuration"].compactMap { key in
                    labels[key].map { "\(key)@base64/" + Data($0.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") }
                }.joined(separator: "/")
                _ = try FleetServers.curl(["-X", "DELETE", gateway + "/metrics/" + path])
            }
        }
    }

    @Test("an unreachable Pushgateway is exit 69 naming it (without the password), after --output and the textfile are written")
    func unreachableGateway() throws {
        let directory = TemporaryDirectory()
        let output = directory.path + "/result.json", textfile = directory.path + "/m.prom"
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--output", output, "--prometheus-textfile", textfile,
                                  "--pushgateway", "http://ci:hunter2@127.0.0.1:1"] + quick)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach the Pushgateway at http://ci:***@127.0.0.1:1"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
        #expect(FileManager.default.fileExists(atPath: output))
        #expect(FileManager.default.fileExists(atPath: textfile))
    }

    @Test("bad --tag, --pushgateway and --machine-name values are usage errors before anything is measured",
          arguments: [
              (["--tag", "nightly"], "expected KEY=VALUE"),
              (["--tag", "ci-job=x"], "is not a label name"),
              (["--tag", "model=x"], "is a label edgebench sets itself"),
              (["--tag", "a=1", "--tag", "a=2"], "given twice"),
              (["--pushgateway", "ftp://gateway"], "expected an http:// or https:// URL"),
              (["--machine-name", " "], "--machine-name must be a non-empty name"),
          ])
    func usageErrors(flags: [String], message: String) throws {
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite")] + flags + quick)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a --prometheus-textfile in a missing folder is exit 74 before measuring")
    func unwritableTextfile() throws {
        let result = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--prometheus-textfile", "/nonexistent/dir/m.prom"] + quick)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("/nonexistent/dir/m.prom"))
    }
}
