import FixtureSupport
import Foundation
import Testing

/// The sqlite3 command, which the tests use to count stored rows and to hold a lock from another process.
private let sqlite3 = ["/usr/bin/sqlite3", "/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// Rows in the history's `runs` table, or nil when the database file does not exist.
private func storedRuns(_ database: String) throws -> Int? {
    guard FileManager.default.fileExists(atPath: database) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(sqlite3))
    process.arguments = [database, "SELECT COUNT(*) FROM runs;"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

/// Runs edgebench and sends it `signal` after `delay` seconds; waits for it to end (at most `timeout` seconds).
private func runSignalled(_ arguments: [String], signal: Int32, after delay: TimeInterval, timeout: TimeInterval = 120) throws -> CLIResult {
    try CLI.run(arguments, timeout: timeout, signal: (signal, delay))
}

/// A `sqlite3` process holding an exclusive lock on a database until `release()`.
private final class LockHolder {
    private let process = Process()
    private let input = Pipe()

    init(database: String) throws {
        process.executableURL = URL(fileURLWithPath: try #require(sqlite3))
        process.arguments = [database]
        process.standardInput = input
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nSELECT 'locked';\n".utf8))
        // The lock is held once sqlite3 answers the statement after BEGIN.
        var answer = Data()
        while !String(decoding: answer, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            answer.append(chunk)
        }
    }

    func release() {
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Writes a bench JSON result of iris_lite (threads 1 and 2) to `path` and returns it as a JSON object.
private func irisResult(_ path: String) throws -> [String: Any] {
    let bench = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--threads", "1,2", "--runs", "20", "--min-time", "0",
                             "--format", "json", "--output", path, "--quiet", "--no-history"])
    #expect(bench.status == 0, "\(bench.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
}

private func write(_ object: [String: Any], to path: String) throws {
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
}

@Suite("SIGTERM is handled like SIGINT: the round finishes, what was measured is written and stored, exit 143",
       .serialized, .enabled(if: CLI.available && Fixtures.ready && sqlite3 != nil, Comment(rawValue: Fixtures.skipMessage + " and the sqlite3 command")))
struct SignalTests {
    @Test("SIGTERM during the measurement: exit 143, the result file marked interrupted, one stored run")
    func terminatedWhileMeasuring() throws {
        let directory = TemporaryDirectory()
        let output = directory.path + "/t.json", database = directory.path + "/t.sqlite"
        let result = try runSignalled(["bench", Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), "--min-time", "30", "--format", "json",
                                       "--output", output, "--db", database, "--quiet"], signal: SIGTERM, after: 4)
        #expect(!result.signaled && !result.timedOut, "\(result.stderr)")
        #expect(result.status == 143, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let settings = try #require(object["settings"] as? [String: Any])
        #expect(settings["interrupted"] as? Bool == true)
        #expect((settings["rounds"] as? Int ?? 0) > 0)
        #expect(try storedRuns(database) == 1)
        #expect(result.stderr.contains("SIGTERM"))
    }

    @Test("SIGTERM before the first sample (a long warm-up): exit 143, no result file, nothing stored")
    func terminatedBeforeMeasuring() throws {
        let directory = TemporaryDirectory()
        let output = directory.path + "/t.json", database = directory.path + "/t.sqlite"
        let result = try runSignalled(["bench", Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), "--warmup", "10000000",
                                       "--output", output, "--db", database, "--quiet"], signal: SIGTERM, after: 1.5)
        #expect(!result.signaled && !result.timedOut, "\(result.stderr)")
        #expect(result.status == 143, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try storedRuns(database) ?? 0 == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test("SIGTERM outside a measurement (a long classify) ends the process at once with exit 143, not a signal death")
    func terminatedOutsideMeasuring() throws {
        let result = try runSignalled(["classify", Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), Fixtures.image("cat.bmp"),
                                       "--runs", "100000"], signal: SIGTERM, after: 2)
        #expect(!result.signaled && !result.timedOut, "\(result.stderr)")
        #expect(result.status == 143, "\(result.stderr)")
    }

    @Test("SIGINT during the measurement exits 130 after writing the result")
    func interruptedWhileMeasuring() throws {
        let directory = TemporaryDirectory()
        let output = directory.path + "/t.json"
        let result = try runSignalled(["bench", Fixtures.model("iris_lite.tflite"), "--min-time", "30", "--format", "json",
                                       "--output", output, "--no-history", "--quiet"], signal: SIGINT, after: 3)
        #expect(!result.signaled && !result.timedOut, "\(result.stderr)")
        #expect(result.status == 130, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: output))
    }
}

@Suite("The result history: damaged, locked and unsupported databases fail with the file named and the table's code",
       .serialized, .enabled(if: CLI.available && Fixtures.ready && sqlite3 != nil, Comment(rawValue: Fixtures.skipMessage + " and the sqlite3 command")))
struct HistoryDatabaseErrorTests {
    let iris = Fixtures.model("iris_lite.tflite")

    @Test("a file of random bytes as --db is bad input (exit 3) naming the file, for bench and for history")
    func corruptDatabase() throws {
        let directory = TemporaryDirectory()
        let database = directory.path + "/random.sqlite"
        var generator = SplitMix64(state: 12)
        try Data((0..<8192).map { _ in UInt8(truncatingIfNeeded: generator.next()) }).write(to: URL(fileURLWithPath: database))
        for arguments in [["bench", iris, "--runs", "2", "--min-time", "0", "--quiet", "--db", database], ["history", "--db", database]] {
            let result = try CLI.run(arguments)
            expectDocumentedExit(result, arguments.joined(separator: " "))
            #expect(result.status == 3, "\(result.stderr)")
            #expect(result.stderr.contains(database), "\(result.stderr)")
        }
    }

    @Test("a database locked by another process: the report is printed, then exit 74 naming the file")
    func lockedDatabase() throws {
        let directory = TemporaryDirectory()
        let database = directory.path + "/history.sqlite"
        let first = try CLI.run(["bench", iris, "--runs", "2", "--min-time", "0", "--quiet", "--db", database])
        #expect(first.status == 0, "\(first.stderr)")
        let lock = try LockHolder(database: database)
        defer { lock.release() }
        let output = directory.path + "/result.csv"
        let result = try CLI.run(["bench", iris, "--runs", "2", "--min-time", "0", "--quiet", "--db", database,
                                  "--format", "csv", "--output", output], timeout: 60)
        expectDocumentedExit(result, "bench with a locked database")
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains(database) && result.stderr.contains("locked"), "\(result.stderr)")
        #expect(result.stdout.contains("p50"), "the report is printed before the store fails")
        #expect(FileManager.default.fileExists(atPath: output), "and written")
        #expect(try storedRuns(database) == 1, "only the first run is stored")
    }

    @Test("history --format csv has a header and one row per stored result; text is the table")
    func historyFormats() throws {
        let directory = TemporaryDirectory()
        let database = directory.path + "/history.sqlite"
        let bench = try CLI.run(["bench", iris, "--threads", "1,2", "--runs", "2", "--min-time", "0", "--quiet", "--db", database])
        #expect(bench.status == 0, "\(bench.stderr)")
        let csv = try CLI.run(["history", "--db", database, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasPrefix("run_id,position,created,label"))
        #expect(csv.stdout.split(separator: "\n").count == 3)
        let text = try CLI.run(["history", "--db", database, "--format", "text"])
        #expect(text.status == 0 && text.stdout.contains("run 1"))
    }

    @Test("--db postgresql://… without a user is a usage error (64) saying what is missing, and creates no folder")
    func postgresURL() throws {
        let folder = FileManager.default.currentDirectoryPath + "/postgresql:"
        let existedBefore = FileManager.default.fileExists(atPath: folder)
        let result = try CLI.run(["bench", iris, "--runs", "2", "--min-time", "0", "--quiet", "--db", "postgresql://x/y"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--db postgresql://x/y: it names no user"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "refused before measuring")
        #expect(existedBefore || !FileManager.default.fileExists(atPath: folder))
    }

    @Test("history, history show and check --baseline ID on a database that does not exist create nothing")
    func readOnlyCommandsCreateNothing() throws {
        let directory = TemporaryDirectory()
        let folder = directory.path + "/not/there", database = folder + "/history.sqlite"
        let list = try CLI.run(["history", "--db", database])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("no history yet"))
        let show = try CLI.run(["history", "show", "1", "--db", database])
        expectDocumentedExit(show, "history show 1")
        #expect(show.status == 3, "\(show.stderr)")
        let check = try CLI.run(["check", "--baseline", "1", "--db", database])
        expectDocumentedExit(check, "check --baseline 1")
        #expect(check.status == 3, "\(check.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/not"))
    }
}

@Suite("check gives a verdict (0, 2, 4) only when it compared something; its errors use the table",
       .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CheckPolicyTests {
    @Test("check --baseline 999 (no such run) exits 3, never 2 or 4")
    func noSuchRun() throws {
        let directory = TemporaryDirectory()
        let database = directory.path + "/history.sqlite"
        let bench = try CLI.run(["bench", Fixtures.model("iris_lite.tflite"), "--runs", "2", "--min-time", "0", "--quiet", "--db", database])
        #expect(bench.status == 0, "\(bench.stderr)")
        for db in [database, directory.path + "/none.sqlite"] {
            let result = try CLI.run(["check", "--baseline", "999", "--db", db])
            expectDocumentedExit(result, "check --baseline 999")
            #expect([3, 64].contains(result.status), "\(result.stderr)")
            #expect(result.stderr.contains("999"))
        }
    }

    @Test("a baseline with nothing in common with the current run: exit 3, 'nothing to compare', both sides listed")
    func nothingInCommon() throws {
        let directory = TemporaryDirectory()
        let baseline = directory.path + "/baseline.json", current = directory.path + "/current.json"
        var object = try irisResult(baseline)
        var results = try #require(object["results"] as? [[String: Any]])
        for index in results.indices {
            results[index]["label"] = "other.tflite cpu xnnpack \(index + 1) thread"
            results[index]["model"] = "/elsewhere/other.tflite"
            results[index]["model_sha256"] = String(repeating: "0", count: 64)
        }
        object["results"] = results
        try write(object, to: current)
        let result = try CLI.run(["check", "--baseline", baseline, "--current", current])
        expectDocumentedExit(result, "check with nothing in common")
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("nothing to compare"))
        #expect(result.stderr.contains("iris_lite.tflite") && result.stderr.contains("other.tflite"))
        #expect(!result.stdout.contains("within threshold"))
    }

    @Test("baseline configurations missing from the current run are an error naming them, a warning with --allow-missing")
    func missingConfigurations() throws {
        let directory = TemporaryDirectory()
        let baseline = directory.path + "/baseline.json", current = directory.path + "/current.json"
        var object = try irisResult(baseline)
        var results = try #require(object["results"] as? [[String: Any]])
        let missing = try #require(results.last?["label"] as? String)
        results.removeLast()
        object["results"] = results
        try write(object, to: current)
        let strict = try CLI.run(["check", "--baseline", baseline, "--current", current])
        expectDocumentedExit(strict, "check with a missing configuration")
        #expect(strict.status == 3, "\(strict.stderr)")
        #expect(strict.stderr.contains(missing) && strict.stderr.contains("--allow-missing"), "\(strict.stderr)")
        let allowed = try CLI.run(["check", "--baseline", baseline, "--current", current, "--allow-missing"])
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        #expect(allowed.stderr.contains("warning") && allowed.stderr.contains(missing))
    }

    @Test("check --format json has the edgebench.check/1 schema, --output writes the same text, csv has a header and a row")
    func formats() throws {
        let directory = TemporaryDirectory()
        let baseline = directory.path + "/baseline.json", written = directory.path + "/check.json"
        _ = try irisResult(baseline)
        let json = try CLI.run(["check", "--baseline", baseline, "--current", baseline, "--format", "json", "--output", written])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "edgebench.check/1")
        #expect(object["status"] as? String == "within threshold")
        #expect(object["exit_status"] as? Int == 0)
        let comparisons = try #require(object["comparisons"] as? [[String: Any]])
        #expect(comparisons.count == 2)
        #expect(comparisons.allSatisfy { $0["verdict"] as? String == "within threshold" && $0.keys.contains("ratio_ci") })
        #expect(try String(contentsOfFile: written, encoding: .utf8) == json.stdout)
        let inferred = directory.path + "/check.md"
        let text = try CLI.run(["check", "--baseline", baseline, "--current", baseline, "--output", inferred])
        #expect(text.status == 0 && text.stdout.contains("result: within threshold"), "\(text.stderr)")
        #expect(try String(contentsOfFile: inferred, encoding: .utf8).hasPrefix("### Regression check"), "the extension names the file's format")
        let csv = try CLI.run(["check", "--baseline", baseline, "--current", baseline, "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("label,baseline_label,matched_by"))
        #expect(csv.stdout.split(separator: "\n").count == 3)
    }

    @Test("a re-measure where nothing can run exits with the reasons' code (3 for a missing model), never 4")
    func remeasureNothingRunnable() throws {
        let directory = TemporaryDirectory()
        let baseline = directory.path + "/baseline.json"
        var object = try irisResult(baseline)
        var results = try #require(object["results"] as? [[String: Any]])
        for index in results.indices { results[index]["model"] = directory.path + "/gone.tflite" }
        object["results"] = results
        try write(object, to: baseline)
        let result = try CLI.run(["check", "--baseline", baseline, "--quiet", "--no-history"])
        expectDocumentedExit(result, "check re-measuring a missing model")
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("gone.tflite"))
    }

    @Test("--help of the root and of check list the exit codes")
    func helpListsCodes() throws {
        let root = try CLI.run(["--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for code in ["64 usage", "69", "74", "130/143", "3 bad input"] { #expect(root.contains(code), "root --help lacks \(code)") }
        // Help text is wrapped to the terminal width: compare with the whitespace collapsed.
        let check = try CLI.run(["check", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for text in ["2 a significant regression", "4 a significant improvement", "3 no such run", "nothing to compare"] {
            #expect(check.contains(text), "check --help lacks \(text)")
        }
    }
}

@Suite("bench and compare: when nothing can run, the exit code comes from the reasons",
       .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct NothingToMeasureTests {
    @Test("a missing model in bench is bad input (3), naming it")
    func missingModel() throws {
        let directory = TemporaryDirectory()
        let model = directory.path + "/absent.tflite"
        let result = try CLI.run(["bench", model, "--runs", "2", "--min-time", "0", "--quiet", "--no-history"])
        expectDocumentedExit(result, "bench of a missing model")
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains(model))
    }

    @Test("a model that fails at run time in bench is a runtime failure (1; 3 if refused as a custom operator), naming it")
    func failingModel() throws {
        let result = try CLI.run(["bench", Fixtures.model("model_invoking_error.tflite"), "--runs", "2", "--min-time", "0", "--quiet", "--no-history"])
        expectDocumentedExit(result, "bench of model_invoking_error.tflite")
        #expect([1, 3].contains(result.status), "\(result.stderr)")
        #expect(result.stderr.contains("model_invoking_error.tflite"))
    }

    @Test("a missing model and an absent Edge TPU: bad input wins over unavailable (3, not 69)")
    func mixedReasons() throws {
        let directory = TemporaryDirectory()
        let model = directory.path + "/absent.tflite"
        let result = try CLI.run(["compare", model, Fixtures.model("mobilenet_v1_0.25_128_quant_edgetpu.tflite") + "@usb",
                                  "--runs", "2", "--min-time", "0", "--quiet", "--no-history"],
                                 environment: ["EDGEBENCH_EDGETPU_LIB": Fixtures.directory + "/../edgetpu/direct/libedgetpu.so.1"])
        expectDocumentedExit(result, "compare of a missing model and an Edge TPU model")
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains(model))
    }
}
