import Results
import Foundation
import GRDB
import Presentation
@testable import Reports
import Testing

/// A fresh directory for one test's database, removed afterwards.
private final class TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("reports-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var database: String { (path as NSString).appendingPathComponent("nested/dir/history.sqlite") }
}

/// Counts rows and checks integrity through a connection of its own.
private func inspect(_ path: String) throws -> (runs: Int, results: Int, integrity: String, journal: String) {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in
        (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") ?? -1,
         try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results") ?? -1,
         try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "?",
         try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?")
    }
}

private let sqlite3 = ["/usr/bin/sqlite3", "/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// SQL a second process uses to write one run with one result, as `record` does.
private func childRunSQL(_ index: Int) -> String {
    """
    BEGIN IMMEDIATE;
    INSERT INTO runs (created, recorded_at, schema, environment_hash, hostname, cpu_model, logical_cores, kernel, os,
                      litert_version, edgebench_version, verdict, report_json)
      VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'edgebench.bench/1', 'child', 'child', 'cpu', 1, 'k', 'os',
              NULL, '0', NULL, '{}');
    INSERT INTO results (run_id, position, created, label, model, model_name, model_sha256, backend, threads, kernels,
                         device, environment_hash, available, p50_ms, p90_ms, mean_ms, samples)
      VALUES (last_insert_rowid(), 0, '2026-01-01T00:00:00Z', 'child \(index)', '/child.tflite', 'child.tflite', NULL, 'cpu',
              1, 'xnnpack', NULL, 'child', 1, 1.0, 1.0, 1.0, 1);
    COMMIT;

    """
}

@Suite("Result history", .serialized)
struct ResultHistoryTests {
    @Test("records a report and lists and returns it unchanged")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let history = try ResultHistory(path: directory.database)
        let report = try Fixture.report()
        let id = try history.record(report)
        let second = try history.record(Fixture.scaled(report, by: 2))
        #expect(second > id)

        let entries = try history.list()
        #expect(entries.count == 8)
        let first = try #require(entries.first)
        #expect(first.runID == id)
        #expect(first.position == 0)
        #expect(first.label == "alpha.tflite cpu xnnpack 1 thread")
        #expect(first.modelSHA256 == report.results[0].modelSHA256)
        #expect(first.p50Ms == 10)
        #expect(first.p90Ms == 10.4)
        #expect(first.meanMs == 10.020625)
        #expect(first.samples == 200)
        #expect(first.environmentHash == report.environment.stableHash)
        #expect(first.created == report.created)
        let edgeTPU = entries[3]
        #expect(!edgeTPU.available && edgeTPU.p50Ms == nil && edgeTPU.device == "usb:0")

        // By file name, by path, by SHA-256 (any case).
        #expect(try history.list(model: "alpha.tflite").count == 4)
        #expect(try history.list(model: "/models/beta.tflite").count == 2)
        #expect(try history.list(model: "BBBB000000000000000000000000000000000000000000000000000000000002").count == 2)
        #expect(try history.list(model: "unknown.tflite").isEmpty)

        let stored = try #require(try history.run(id: id))
        #expect(try Fixture.encode(stored) == Fixture.encode(report))
        #expect(try history.run(id: 9_999) == nil)
        #expect(try history.latestRunID(label: "alpha.tflite cpu xnnpack 1 thread") == second)
        #expect(try history.latestRunID(label: "alpha_edgetpu.tflite edgetpu@usb:0") == nil)
        #expect(ReportExport.markdown(entries).contains("| \(id) | 2026-01-02T03:04:05Z | alpha.tflite cpu xnnpack 1 thread | 10.00 |"))
    }

    @Test("uses WAL mode and migrates once, also when reopened")
    func walAndMigrations() throws {
        let directory = try TemporaryDirectory()
        _ = try ResultHistory(path: directory.database).record(try Fixture.report())
        let reopened = try ResultHistory(path: directory.database)
        #expect(try reopened.list().count == 4)
        let state = try inspect(directory.database)
        #expect(state.journal == "wal")
        #expect(state.integrity == "ok")
        let migrations = try DatabaseQueue(path: directory.database).read {
            try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(migrations == ["v1: runs and results", "v2: machine name and tags", "v3: run kinds and accuracy results"])
    }

    @Test("defaults to $XDG_DATA_HOME, else ~/.local/share")
    func defaultPath() throws {
        #expect(try ResultHistory.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"]) == "/data/edgebench/history.sqlite")
        #expect(try ResultHistory.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"])
                == "/home/u/.local/share/edgebench/history.sqlite")
        #expect(try ResultHistory.defaultPath(environment: ["XDG_DATA_HOME": "", "HOME": "/home/u"])
                == "/home/u/.local/share/edgebench/history.sqlite")
        #expect(throws: ResultHistoryError.noDefaultLocation) { try ResultHistory.defaultPath(environment: [:]) }
    }

    @Test("a transaction aborted midway leaves no partial rows")
    func abortedTransaction() throws {
        struct Abort: Error {}
        let directory = try TemporaryDirectory()
        let history = try ResultHistory(path: directory.database)
        let kept = try history.record(try Fixture.report())
        #expect(throws: Abort.self) {
            try history.record(try Fixture.report()) { position in if position == 2 { throw Abort() } }
        }
        let state = try inspect(directory.database)
        #expect(state.runs == 1)
        #expect(state.results == 4)
        #expect(try history.list().allSatisfy { $0.runID == kept })
        // The writer is usable afterwards.
        _ = try history.record(try Fixture.report())
        #expect(try inspect(directory.database).runs == 2)
    }

    @Test("two connections writing from two threads lose nothing")
    func concurrentThreads() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.database
        let report = try Fixture.report()
        let perWriter = 25
        // Both open a new file at once (both migrate), then write interleaved.
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let history = try ResultHistory(path: path)
                    return try (0..<perWriter).map { _ in try history.record(report) }
                }
            }
            var all: [Int64] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(Set(ids).count == 2 * perWriter)
        let state = try inspect(path)
        #expect(state.runs == 2 * perWriter)
        #expect(state.results == 2 * perWriter * report.results.count)
        #expect(state.integrity == "ok")
    }

    @Test("a second process writing at the same time loses nothing", .enabled(if: sqlite3 != nil, "needs the sqlite3 command"))
    func concurrentProcess() throws {
        let directory = try TemporaryDirectory()
        let history = try ResultHistory(path: directory.database)
        let childRuns = 150
        let script = ".timeout 15000\n" + (0..<childRuns).map(childRunSQL).joined()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try #require(sqlite3))
        child.arguments = [directory.database]
        let input = Pipe()
        child.standardInput = input
        let errors = Pipe()
        child.standardError = errors
        try child.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let report = try Fixture.report()
        for _ in 0..<30 { _ = try history.record(report) }
        child.waitUntilExit()
        let childErrors = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(child.terminationStatus == 0, "sqlite3: \(childErrors)")
        #expect(childErrors.isEmpty)
        let state = try inspect(directory.database)
        #expect(state.runs == 30 + childRuns)
        #expect(state.results == 30 * report.results.count + childRuns)
        #expect(state.integrity == "ok")
    }

    @Test("a writer killed mid-transaction leaves the history consistent", .enabled(if: sqlite3 != nil, "needs the sqlite3 command"))
    func killedWriter() throws {
        let directory = try TemporaryDirectory()
        do {
            let history = try ResultHistory(path: directory.database)
            _ = try history.record(try Fixture.report())
        }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try #require(sqlite3))
        child.arguments = [directory.database]
        let input = Pipe(), output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        try child.run()
        // Half a run: many rows (so pages spill into the WAL) and no COMMIT; then a marker to know it got there.
        var script = ".timeout 15000\nPRAGMA cache_size = 1;\n"
        script += String(childRunSQL(0).split(separator: "COMMIT;")[0])
        script += (1..<400).map { index in
            "INSERT INTO results (run_id, position, created, label, model, model_name, backend, threads, kernels, environment_hash, available, samples) "
                + "VALUES ((SELECT max(id) FROM runs), \(index), 'c', '\(String(repeating: "x", count: 200))', 'm', 'm', 'cpu', 1, 'k', 'e', 1, 0);\n"
        }.joined()
        script += "SELECT 'in-transaction';\n"
        input.fileHandleForWriting.write(Data(script.utf8))
        // Wait for the marker, then kill the writer before it commits.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("in-transaction") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("in-transaction"))
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        try? input.fileHandleForWriting.close()

        let history = try ResultHistory(path: directory.database)
        let state = try inspect(directory.database)
        #expect(state.runs == 1)
        #expect(state.results == 4)
        #expect(state.integrity == "ok")
        // The lock died with the process: writing works.
        _ = try history.record(try Fixture.report())
        #expect(try inspect(directory.database).runs == 2)
    }

    @Test("refuses a stored report of another schema, naming it")
    func unsupportedSchema() throws {
        let directory = try TemporaryDirectory()
        let history = try ResultHistory(path: directory.database)
        let id = try history.record(try Fixture.report())
        try DatabaseQueue(path: directory.database).write { db in
            try db.execute(sql: "UPDATE runs SET schema = 'edgebench.bench/9' WHERE id = ?", arguments: [id])
        }
        #expect(throws: ResultHistoryError.unsupportedSchema(runID: id, found: "edgebench.bench/9", expected: "edgebench.bench/1' or 'edgebench.bench/2")) {
            try history.run(id: id)
        }
    }

    @Test("the environment hash ignores the hostname and governor but not the LiteRT version")
    func environmentHash() throws {
        let environment = try Fixture.report().environment
        var other = environment
        other.hostname = "elsewhere"
        other.governor = "powersave"
        other.edgebenchVersion = "9.9.9"
        #expect(other.stableHash == environment.stableHash)
        other.litertVersion = "2.4.0"
        #expect(other.stableHash != environment.stableHash)
        #expect(environment.stableHash.count == 64)
    }
}
