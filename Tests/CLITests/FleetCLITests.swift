import FixtureSupport
import Foundation
import Testing

/// Helpers of the fleet tests: quick bench runs into one history, JSON read back, a process killed mid-store.
enum Fleet {
    static let quick = ["--runs", "3", "--min-time", "0", "--warmup", "0", "--quiet"]
    static var iris: String { Fixtures.model("iris_lite.tflite") }
    static var small: String { Fixtures.model("mobilenet_v1_0.25_128_quant.tflite") }
    /// The fixture image as results store it: absolute and standardized.
    static var catImage: String { URL(fileURLWithPath: Fixtures.image("cat.bmp")).standardizedFileURL.path }

    /// `bench` with the quick settings; expects success.
    static func bench(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIResult {
        let result = try CLI.run(["bench"] + arguments + quick, environment: environment)
        #expect(result.status == 0, "bench \(arguments): \(result.stderr)")
        return result
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    static func object(atPath path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func write(_ object: [String: Any], to path: String) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    /// How often `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Starts `edgebench arguments` with the store pause hook, waits until it is paused inside the store transaction
    /// (after the first result row), SIGKILLs it, and returns whether it got there and how it ended.
    static func killMidStore(_ arguments: [String], directory: TemporaryDirectory) throws -> (paused: Bool, killed: Bool) {
        let marker = directory.path + "/paused-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["EDGEBENCH_FIXTURES"] = Fixtures.directory
        environment["EDGEBENCH_TEST_PAUSE_IN_STORE"] = marker
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Not a timed assertion: the process announces the pause; the bound only keeps a broken build from hanging CI.
        let bound = Date().addingTimeInterval(180)
        while !FileManager.default.fileExists(atPath: marker) && process.isRunning && Date() < bound { usleep(10_000) }
        let paused = FileManager.default.fileExists(atPath: marker)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return (paused, process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    }
}

@Suite("A fleet in one SQLite history: report by run id, check across machines only when told, machine and tags in every format",
       .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct FleetSQLiteTests {
    @Test("report --run pulls runs of two machines from the history, mixed with a results file, into one page side by side")
    func reportByID() throws {
        let directory = TemporaryDirectory()
        let db = directory.path + "/fleet.sqlite", file = directory.path + "/rig-c.json", page = directory.path + "/fleet.html"
        _ = try Fleet.bench([Fleet.iris, "--threads", "1,2", "--db", db, "--machine-name", "rig-a"])
        _ = try Fleet.bench([Fleet.iris, "--threads", "1", "--db", db, "--machine-name", "rig-b"])
        _ = try Fleet.bench([Fleet.iris, "--threads", "2", "--no-history", "--machine-name", "rig-c", "--format", "json", "--output", file])

        let report = try CLI.run(["report", file, "--run", "1", "--run", "2", "--db", db, "-o", page])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // Each run names its machine; the side-by-side table has one column per run, files first, then the ids.
        for name in ["rig-a", "rig-b", "rig-c"] {
            #expect(html.contains("data-machine=\"\(name)\""), "no \(name) in the page")
        }
        let table = try #require(html.components(separatedBy: "<table class=\"machines-side-by-side\">").dropFirst().first?
            .components(separatedBy: "</table>").first)
        let headers = table.components(separatedBy: "<th class=\"machine num\" data-machine=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(headers == ["rig-c", "rig-a", "rig-b"])
        // iris with 1 thread ran on rig-a and rig-b, with 2 threads on rig-a and rig-c: two rows, each with two measured cells.
        let rows = table.components(separatedBy: "<tr data-config-key=").dropFirst()
        #expect(rows.count == 2, "\(table)")
        for row in rows {
            #expect(Fleet.count("data-p50=", in: row) == 2, "\(row)")
            #expect(Fleet.count("class=\"cell num missing\"", in: row) == 1, "\(row)")
        }
        // The existing charts, once per configuration measured on several machines, one row per machine.
        let figures = html.components(separatedBy: "<figure class=\"machine-comparison\"").dropFirst().map { $0.components(separatedBy: "</figure>")[0] }
        #expect(figures.count == 2)
        for figure in figures {
            #expect(figure.contains("latency-chart") && figure.contains("percentile-chart"))
            #expect(Fleet.count("<rect class=\"bar", in: figure) == 2, "\(figure.prefix(400))")
        }
        #expect(html.contains("— rig-a") && html.contains("— rig-b") && html.contains("— rig-c"))
    }

    @Test("report --run: an unknown id exits 3 naming it, nothing written; no history is 3 too; nothing to report is usage")
    func reportErrors() throws {
        let directory = TemporaryDirectory()
        let db = directory.path + "/fleet.sqlite", page = directory.path + "/never.html"
        _ = try Fleet.bench([Fleet.iris, "--db", db])
        for (arguments, status, text) in [
            (["--run", "1", "--run", "42", "--db", db], Int32(3), "no run 42"),
            (["--run", "1", "--db", directory.path + "/none.sqlite"], 3, "no run 1"),
            ([], 64, "--run"),
            (["--db", db], 64, "--run"),
            (["--run", "1", "--db", "ftp://host/db"], 64, "ftp"),
        ] {
            let result = try CLI.run(["report"] + arguments + ["-o", page])
            #expect(result.status == status, "report \(arguments): \(result.stderr)")
            #expect(result.stderr.contains(text), "report \(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: page), "report \(arguments) wrote the page")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/none.sqlite"), "reading never creates a history")
    }

    @Test("report --run with the database server down exits 69, nothing written")
    func reportServerDown() throws {
        let directory = TemporaryDirectory()
        let page = directory.path + "/never.html"
        // Port 1 on loopback: nothing listens there.
        let result = try CLI.run(["report", "--run", "1", "--db", "postgresql://edgebench@127.0.0.1:1/edgebench", "-o", page])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("127.0.0.1:1"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: page))
    }

    @Test("check --baseline ID of another machine is refused (64) naming both machines and --any-machine, before measuring")
    func refusesAnotherMachineByID() throws {
        let directory = TemporaryDirectory()
        let db = directory.path + "/fleet.sqlite"
        _ = try Fleet.bench([Fleet.iris, "--db", db, "--machine-name", "rig-a"])
        let refused = try CLI.run(["check", "--baseline", "1", "--db", db, "--machine-name", "rig-b", "--quiet"])
        #expect(refused.status == 64, "\(refused.stdout)\(refused.stderr)")
        for text in ["rig-a", "rig-b", "--any-machine"] { #expect(refused.stderr.contains(text), "\(refused.stderr)") }
        #expect(refused.stdout.isEmpty, "no outcome is printed")
        let listed = try CLI.run(["history", "--db", db, "--format", "json"])
        #expect((try Fleet.json(listed.stdout) as? [Any])?.count == 1, "nothing was measured or stored")

        // The same machine under its own name is checked (a threshold no noise reaches: 900%).
        let same = try CLI.run(["check", "--baseline", "1", "--db", db, "--machine-name", "rig-a", "--max-regression", "9", "--quiet",
                                "--no-history", "--format", "json"])
        #expect(same.status == 0, "\(same.stderr)")
        let outcome = try #require(try Fleet.json(same.stdout) as? [String: Any])
        #expect(outcome["any_machine"] as? Bool == false)
        let machines = try #require(outcome["machines"] as? [String: Any])
        #expect(machines["same"] as? Bool == true)
        #expect((machines["baseline"] as? [String: Any])?["name"] as? String == "rig-a")
    }

    @Test("check --any-machine compares across machines and says so in text, Markdown, JSON and CSV")
    func anyMachineInEveryFormat() throws {
        let directory = TemporaryDirectory()
        let db = directory.path + "/fleet.sqlite"
        _ = try Fleet.bench([Fleet.iris, "--db", db, "--machine-name", "rig-a"])
        let base = ["check", "--baseline", "1", "--db", db, "--machine-name", "rig-b", "--any-machine", "--max-regression", "9", "--quiet", "--no-history"]

        let text = try CLI.run(base)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("machines: compared across machines (--any-machine): baseline measured on rig-a"), "\(text.stdout)")
        #expect(text.stdout.contains("current on rig-b"))
        #expect(text.stderr.contains("warning: compared across machines"))

        let markdown = try CLI.run(base + ["--format", "markdown"])
        #expect(markdown.stdout.contains("**Machines:** compared across machines (--any-machine)"), "\(markdown.stdout)")

        let json = try CLI.run(base + ["--format", "json"])
        let outcome = try #require(try Fleet.json(json.stdout) as? [String: Any])
        #expect(outcome["any_machine"] as? Bool == true)
        let machines = try #require(outcome["machines"] as? [String: Any])
        #expect(machines["same"] as? Bool == false && machines["any_machine_flag"] as? Bool == true)
        #expect((machines["baseline"] as? [String: Any])?["name"] as? String == "rig-a")
        #expect((machines["current"] as? [String: Any])?["name"] as? String == "rig-b")

        let csv = try CLI.run(base + ["--format", "csv"])
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix(",baseline_machine,current_machine,any_machine") == true, "\(csv.stdout)")
        #expect(lines.count == 2 && lines[1].hasSuffix(",rig-a,rig-b,true"), "\(csv.stdout)")
    }

    @Test("a baseline file and a --current file from machines with other fingerprints are refused the same way, unless --any-machine")
    func refusesOtherFingerprintsInFiles() throws {
        let directory = TemporaryDirectory()
        let baseline = directory.path + "/baseline.json", other = directory.path + "/other-cpu.json", old = directory.path + "/old.json"
        _ = try Fleet.bench([Fleet.iris, "--no-history", "--machine-name", "rig-a", "--format", "json", "--output", baseline])
        var object = try Fleet.object(atPath: baseline)
        var environment = try #require(object["environment"] as? [String: Any])
        environment["cpu_model"] = "Imaginary RISC-V board"
        environment["logical_cores"] = 64
        object["environment"] = environment
        try Fleet.write(object, to: other)

        // Same name, another CPU: another machine.
        let refused = try CLI.run(["check", "--baseline", baseline, "--current", other])
        #expect(refused.status == 64, "\(refused.stdout)\(refused.stderr)")
        for text in ["Imaginary RISC-V board", "64 cores", "--any-machine", "rig-a"] { #expect(refused.stderr.contains(text), "\(refused.stderr)") }
        let allowed = try CLI.run(["check", "--baseline", baseline, "--current", other, "--any-machine", "--format", "json"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect((try Fleet.json(allowed.stdout) as? [String: Any])?["any_machine"] as? Bool == true)

        // A baseline file of rig-a, re-measured on this machine under its host name: refused before measuring.
        let remeasure = try CLI.run(["check", "--baseline", baseline, "--quiet", "--no-history"])
        #expect(remeasure.status == 64 && remeasure.stderr.contains("rig-a"), "\(remeasure.stderr)")

        // Files written before machine names were recorded: the host name is the name, the fingerprint still counts.
        environment = try #require(try Fleet.object(atPath: baseline)["environment"] as? [String: Any])
        environment.removeValue(forKey: "machine_name")
        object = try Fleet.object(atPath: baseline)
        object["environment"] = environment
        try Fleet.write(object, to: old)
        let oldAgainstOld = try CLI.run(["check", "--baseline", old, "--current", old, "--format", "json"])
        #expect(oldAgainstOld.status == 0, "\(oldAgainstOld.stderr)")
        let machines = try #require((try Fleet.json(oldAgainstOld.stdout) as? [String: Any])?["machines"] as? [String: Any])
        #expect((machines["baseline"] as? [String: Any])?["name"] as? String == environment["hostname"] as? String)
        #expect(try CLI.run(["check", "--baseline", old, "--current", baseline]).status == 64, "host name vs rig-a: two names, two machines")
    }

    @Test("history JSON and CSV, list and show, carry each run's machine name and tags (null / {} when absent, never left out)")
    func machineAndTagsInHistory() throws {
        let directory = TemporaryDirectory()
        let db = directory.path + "/fleet.sqlite"
        _ = try Fleet.bench([Fleet.iris, "--db", db, "--machine-name", "rig-a", "--tag", "commit=c1", "--tag", "board=pi5"])
        _ = try Fleet.bench([Fleet.iris, "--db", db, "--machine-name", "rig-b"])

        let list = try CLI.run(["history", "--db", db, "--format", "json"])
        let rows = try #require(try Fleet.json(list.stdout) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.keys.contains("machine_name") && $0.keys.contains("tags") && $0.keys.contains("device") })
        #expect(rows[0]["machine_name"] as? String == "rig-a")
        #expect(rows[0]["tags"] as? [String: String] == ["commit": "c1", "board": "pi5"])
        #expect(rows[1]["machine_name"] as? String == "rig-b")
        #expect(rows[1]["tags"] as? [String: String] == [:])
        #expect(rows[1]["device"] is NSNull, "absent values are null")

        let csv = try CLI.run(["history", "--db", db, "--format", "csv"]).stdout.split(separator: "\n").map(String.init)
        #expect(csv.first?.hasSuffix(",machine_name,tags") == true, "\(csv)")
        #expect(csv.count == 3)
        #expect(csv[1].hasSuffix(",rig-a,\"{\"\"board\"\":\"\"pi5\"\",\"\"commit\"\":\"\"c1\"\"}\""), "\(csv[1])")
        #expect(csv[2].hasSuffix(",rig-b,{}"), "\(csv[2])")

        let shown = try CLI.run(["history", "show", "1", "--db", db, "--format", "json"])
        let report = try #require(try Fleet.json(shown.stdout) as? [String: Any])
        #expect((report["environment"] as? [String: Any])?["machine_name"] as? String == "rig-a")
        #expect(report["tags"] as? [String: String] == ["commit": "c1", "board": "pi5"])
        let untagged = try #require(try Fleet.json(try CLI.run(["history", "show", "2", "--db", db, "--format", "json"]).stdout) as? [String: Any])
        #expect(untagged["tags"] as? [String: String] == [:])
        let shownCSV = try CLI.run(["history", "show", "2", "--db", db, "--format", "csv"]).stdout.split(separator: "\n").map(String.init)
        #expect(shownCSV.first?.hasSuffix(",machine_name,tags") == true)
        #expect(shownCSV.count >= 2 && shownCSV[1].hasSuffix(",rig-b,{}"), "\(shownCSV)")
    }

    @Test("an edgebench killed (SIGKILL) inside the SQLite store transaction leaves no partial run; the next run stores whole")
    func killMidStore() throws {
        let directory = TemporaryDirectory()
        let db = directory.path + "/fleet.sqlite"
        _ = try Fleet.bench([Fleet.iris, "--db", db, "--machine-name", "before"])
        let outcome = try Fleet.killMidStore(["bench", Fleet.iris, "--threads", "1,2", "--db", db] + Fleet.quick, directory: directory)
        #expect(outcome.paused, "the process never reached the store transaction")
        #expect(outcome.killed)
        let after = try #require(try Fleet.json(try CLI.run(["history", "--db", db, "--format", "json"]).stdout) as? [[String: Any]])
        #expect(after.count == 1 && after.first?["machine_name"] as? String == "before", "only the complete run: \(after)")
        _ = try Fleet.bench([Fleet.iris, "--threads", "1,2", "--db", db, "--machine-name", "after"])
        let rows = try #require(try Fleet.json(try CLI.run(["history", "--db", db, "--format", "json"]).stdout) as? [[String: Any]])
        #expect(rows.filter { $0["machine_name"] as? String == "after" }.count == 2, "the next run has both its results")
        #expect(Set(rows.compactMap { $0["run_id"] as? Int }).count == 2)
    }
}

@Suite("check measures again exactly what the baseline measured (issue 13)",
       .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CheckRemeasureTests {
    /// `check --dry-run --format json` of `baseline`.
    func plan(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(["check", "--dry-run", "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try Fleet.json(result.stdout) as? [String: Any])
    }

    @Test("a stored run made with --gpu-precision fp32, --edgetpu-performance max and image input: check rebuilds identical configurations and reads the same image")
    func identicalConfigurations() throws {
        let directory = TemporaryDirectory()
        let db = directory.path + "/fleet.sqlite"
        _ = try Fleet.bench([Fleet.small, "--backend", "cpu,gpu,edgetpu", "--gpu-precision", "fp32", "--edgetpu-performance", "max",
                             "--input", Fixtures.image("cat.bmp"), "--db", db])
        let stored = try #require(try Fleet.json(try CLI.run(["history", "show", "1", "--db", db, "--format", "json"]).stdout) as? [String: Any])
        let recorded = try #require(stored["results"] as? [[String: Any]]).compactMap { $0["configuration"] as? String }
        #expect(recorded.count == 3)
        #expect(recorded.contains { $0.contains("@gpu:") && $0.contains("precision=fp32") })
        #expect(recorded.contains { $0.contains("@edgetpu:") && $0.contains("performance=max") })

        let planned = try plan(["--baseline", "1", "--db", db])
        let configurations = try #require(planned["configurations"] as? [[String: Any]])
        #expect(configurations.map { $0["configuration"] as? String } == recorded.map(Optional.some), "the same canonical text, in order")
        #expect(configurations.allSatisfy { $0["configuration"] as? String == $0["baseline_configuration"] as? String })
        // Without an Edge TPU (and a GPU) here, those did not run in the baseline: nothing to compare them with.
        for item in configurations where (item["configuration"] as? String)?.contains("@edgetpu") == true {
            #expect(item["measured"] as? Bool == false)
        }
        #expect(configurations.first?["measured"] as? Bool == true)
        #expect(planned["input"] as? String == "images")
        #expect(planned["images"] as? [String] == [Fleet.catImage], "the image itself, not random input")
        #expect(planned["runs"] as? Int == 3 && planned["warmup"] as? Int == 0)

        // And the re-measure runs on that image (a threshold no noise reaches: 900%); configurations that did not run
        // in the baseline are listed as not compared, not as missing from the current run.
        let check = try CLI.run(["check", "--baseline", "1", "--db", db, "--max-regression", "9", "--quiet", "--no-history"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("not compared: mobilenet_v1_0.25_128_quant.tflite edgetpu: unavailable in the baseline"), "\(check.stdout)")
    }

    @Test("input shapes and the kernel choice survive: a run with --input-shape and --kernels is planned with both")
    func inputShapesAndKernels() throws {
        let directory = TemporaryDirectory()
        let baseline = directory.path + "/dynamic.json"
        _ = try Fleet.bench([Fixtures.model("dynamic_batch_dense.tflite"), "--input-shape", "0=2,3", "--kernels", "builtin", "--threads", "1",
                             "--no-history", "--format", "json", "--output", baseline])
        let planned = try plan(["--baseline", baseline])
        let configuration = try #require((planned["configurations"] as? [[String: Any]])?.first?["configuration"] as? String)
        #expect(configuration.hasSuffix("@cpu:threads=1,kernels=builtin,kernel_fallback=false,input_shape=0=2x3"), "\(configuration)")
        #expect(planned["input"] as? String == "random")
        let check = try CLI.run(["check", "--baseline", baseline, "--max-regression", "9", "--quiet", "--no-history", "--format", "json"])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test("an image the baseline used is found beside the baseline file when its absolute path is gone, and missing is exit 3 naming it")
    func imagesBesideTheBaseline() throws {
        let directory = TemporaryDirectory()
        let baseline = directory.path + "/baseline.json"
        _ = try Fleet.bench([Fleet.small, "--input", Fixtures.image("cat.bmp"), "--no-history", "--format", "json", "--output", baseline])
        var object = try Fleet.object(atPath: baseline)
        var settings = try #require(object["settings"] as? [String: Any])
        #expect((settings["input_paths"] as? [[String: String]])?.first?["absolute"] == Fleet.catImage)
        settings["input_paths"] = [["given": "pictures/cat.bmp", "absolute": directory.path + "/moved-away/cat.bmp"]]
        object["settings"] = settings
        try Fleet.write(object, to: baseline)

        let missing = try CLI.run(["check", "--baseline", baseline, "--dry-run"])
        #expect(missing.status == 3, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("pictures/cat.bmp") && missing.stderr.contains(directory.path + "/pictures/cat.bmp"), "\(missing.stderr)")
        let measured = try CLI.run(["check", "--baseline", baseline, "--quiet", "--no-history"])
        #expect(measured.status == 3, "never measured again with other input: \(measured.stderr)")

        try FileManager.default.createDirectory(atPath: directory.path + "/pictures", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/pictures/cat.bmp", withDestinationPath: Fixtures.image("cat.bmp"))
        let planned = try plan(["--baseline", baseline])
        #expect(planned["images"] as? [String] == [directory.path + "/pictures/cat.bmp"])
    }
}

@Suite("A fleet in one PostgreSQL database: report by id, check across machines, a kill mid-store",
       .serialized,
       .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)),
       .enabled(if: ScratchDatabase.available, Comment(rawValue: ScratchDatabase.missing)))
struct FleetPostgreSQLTests {
    @Test("two machines store into one database; report --run shows them side by side; check refuses the other machine's run unless --any-machine")
    func reportAndCheck() throws {
        let database = try ScratchDatabase()
        let directory = TemporaryDirectory()
        let page = directory.path + "/fleet.html"
        _ = try Fleet.bench([Fleet.iris, "--db", database.url, "--machine-name", "rig-a", "--tag", "commit=c1"])
        _ = try Fleet.bench([Fleet.iris, "--db", database.url, "--machine-name", "rig-b"])
        let report = try CLI.run(["report", "--run", "1", "--run", "2", "--db", database.url, "-o", page])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<th class=\"machine num\" data-machine=\"rig-a\"") && html.contains("<th class=\"machine num\" data-machine=\"rig-b\""))
        #expect(Fleet.count("<figure class=\"machine-comparison\"", in: html) == 1)
        let unknown = try CLI.run(["report", "--run", "7", "--db", database.url, "-o", directory.path + "/never.html"])
        #expect(unknown.status == 3 && unknown.stderr.contains("no run 7"), "\(unknown.stderr)")

        let refused = try CLI.run(["check", "--baseline", "1", "--db", database.url, "--machine-name", "rig-b", "--quiet"])
        #expect(refused.status == 64 && refused.stderr.contains("rig-a") && refused.stderr.contains("--any-machine"), "\(refused.stderr)")
        let allowed = try CLI.run(["check", "--baseline", "1", "--db", database.url, "--machine-name", "rig-b", "--any-machine",
                                   "--max-regression", "9", "--quiet", "--format", "json"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect((try Fleet.json(allowed.stdout) as? [String: Any])?["any_machine"] as? Bool == true)
        // The re-measure was stored as rig-b's run.
        #expect(try database.value("SELECT machine_name FROM runs WHERE id = 3") == "rig-b")

        let listed = try #require(try Fleet.json(try CLI.run(["history", "--db", database.url, "--format", "json"]).stdout) as? [[String: Any]])
        #expect(listed.first?["tags"] as? [String: String] == ["commit": "c1"])
        #expect(listed.dropFirst().allSatisfy { $0["tags"] as? [String: String] == [:] })
    }

    @Test("an edgebench killed (SIGKILL) inside the PostgreSQL store transaction leaves no partial run; the next run stores whole")
    func killMidStore() throws {
        let database = try ScratchDatabase()
        let directory = TemporaryDirectory()
        _ = try Fleet.bench([Fleet.iris, "--db", database.url, "--machine-name", "before"])
        let outcome = try Fleet.killMidStore(["bench", Fleet.iris, "--threads", "1,2", "--db", database.url] + Fleet.quick, directory: directory)
        #expect(outcome.paused, "the process never reached the store transaction")
        #expect(outcome.killed)
        // Every stored run has all its result rows, or is absent.
        #expect(try database.value("SELECT count(*) FROM runs") == "1")
        #expect(try database.value("SELECT count(*) FROM results") == "1")
        _ = try Fleet.bench([Fleet.iris, "--threads", "1,2", "--db", database.url, "--machine-name", "after"])
        #expect(try database.value("SELECT count(*) FROM results r JOIN runs u ON u.id = r.run_id WHERE u.machine_name = 'after'") == "2")
        #expect(try database.value("SELECT count(*) FROM runs u WHERE (SELECT count(*) FROM results r WHERE r.run_id = u.id) = 0") == "0")
    }
}
