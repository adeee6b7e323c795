import Results
import Foundation
import GRDB
import Presentation
@testable import Reports
import Testing

/// A fresh folder, removed afterwards.
private final class Folder {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("history-errors-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("History database errors name the file, say what to do, and map to the table's codes")
struct HistoryErrorTests {
    @Test("a file of random bytes is not a history: bad input (3), for reading and for recording")
    func randomBytes() throws {
        let folder = try Folder()
        let path = folder.path + "/random.sqlite"
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }).write(to: URL(fileURLWithPath: path))
        for open in [{ _ = try ResultHistory(path: path) }, { _ = try ResultHistory.existing(path: path)?.list() }] {
            do {
                try open()
                Issue.record("opened random bytes as a history")
            } catch let error as ResultHistoryError {
                guard case .notAHistory(path, _) = error else { Issue.record("\(error)"); continue }
                #expect(error.exitStatus == .badInput)
                #expect(error.localizedDescription.contains(path))
            }
        }
    }

    @Test("an SQLite file of something else, or an empty file, is not a history when read, and reading changes nothing")
    func foreignDatabase() throws {
        let folder = try Folder()
        let other = folder.path + "/other.sqlite"
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        let empty = folder.path + "/empty.sqlite"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        for path in [other, empty] {
            #expect(throws: ResultHistoryError.self) { try ResultHistory.existing(path: path)?.list() }
            do {
                _ = try ResultHistory.existing(path: path)?.run(id: 1)
            } catch let error as ResultHistoryError {
                guard case .notAHistory = error else { Issue.record("\(path): \(error)"); continue }
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty, "reading must not migrate the file")
    }

    @Test("opening a history that does not exist for reading returns nil and creates neither file nor folder")
    func absent() throws {
        let folder = try Folder()
        let path = folder.path + "/a/b/history.sqlite"
        #expect(try ResultHistory.existing(path: path) == nil)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/a"))
    }

    @Test("the busy timeout is short: a stuck lock fails the command within seconds")
    func shortBusyTimeout() {
        #expect(ResultHistory.busyTimeout <= 3)
    }

    @Test("the same SQLite failure is bad input when reading and an unwritten output when recording")
    func accessDecidesTheCode() {
        #expect(ResultHistoryError.locked(path: "h", access: .reading, waitedSeconds: 2).exitStatus == .badInput)
        #expect(ResultHistoryError.locked(path: "h", access: .writing, waitedSeconds: 2).exitStatus == .cannotWrite)
        #expect(ResultHistoryError.readOnly(path: "h", detail: "x").exitStatus == .cannotWrite)
        #expect(ResultHistoryError.noSuchRun(path: "h", runID: 9, historyExists: false).exitStatus == .badInput)
        #expect(ResultHistoryError.cannotCreateDirectory(path: "d", detail: "x").exitStatus == .cannotWrite)
    }

    @Test("--db with an unknown URL scheme is refused, a path with a colon is a file", arguments: [
        ("MySQL://h/db", "mysql"), ("sqlite://h/db", "sqlite"),
    ])
    func locations(_ text: String, _ scheme: String) throws {
        #expect(throws: ResultHistoryError.unsupportedLocation(location: text, scheme: scheme)) { try HistoryLocation.parse(text) }
        #expect(ResultHistoryError.unsupportedLocation(location: text, scheme: scheme).exitStatus == .usage)
        #expect(try HistoryLocation.parse("runs/a:b.sqlite") == .sqliteFile(path: "runs/a:b.sqlite"))
        #expect(try HistoryLocation.parse("/x/1://y.sqlite") == .sqliteFile(path: "/x/1://y.sqlite"))
    }

    @Test("postgresql:// and postgres:// name a PostgreSQL server, kept as given for HistoryPostgreSQL to read")
    func postgresLocations() throws {
        #expect(try HistoryLocation.parse("postgresql://user@host/db") == .postgresql(url: "postgresql://user@host/db"))
        #expect(try HistoryLocation.parse("POSTGRES://h/db") == .postgresql(url: "POSTGRES://h/db"))
    }
}

@Suite("check gives no verdict when it compared nothing or lacks baseline configurations")
struct CheckProblemTests {
    @Test("nothing in common: nothingToCompare listing both sides, never within threshold")
    func nothingInCommon() throws {
        let baseline = try Fixture.report()
        var current = baseline
        for index in current.results.indices {
            current.results[index].label = "other \(index)"
            current.results[index].modelSHA256 = "ffff"
        }
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: .p50, maxRegression: 0.05)
        let problem = try #require(outcome.problem(allowMissing: true))
        guard case let .nothingToCompare(baselineLabels, currentLabels) = problem else { Issue.record("\(problem)"); return }
        #expect(baselineLabels == baseline.results.map(\.label))
        #expect(currentLabels == current.results.map(\.label))
        #expect(problem.exitStatus == .badInput)
    }

    @Test("a baseline configuration missing from the current run is an error unless allowed")
    func missing() throws {
        let baseline = try Fixture.report()
        var current = baseline
        let removed = current.results.remove(at: 1).label
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: .p50, maxRegression: 0.05)
        #expect(outcome.missingFromCurrent == [removed])
        #expect(outcome.problem(allowMissing: false) == .missingFromCurrent(labels: [removed]))
        #expect(outcome.problem(allowMissing: true) == nil)
    }

    @Test("the same run has no problem")
    func unchanged() throws {
        let report = try Fixture.report()
        #expect(RegressionCheck.compare(baseline: report, current: report, metric: .p50, maxRegression: 0.05).problem(allowMissing: false) == nil)
    }

    @Test("JSON: schema edgebench.check/1, every key present, a non-finite bound written null")
    func json() throws {
        let report = try Fixture.report()
        var outcome = RegressionCheck.compare(baseline: report, current: report, metric: .p50, maxRegression: 0.05)
        outcome.comparisons[0].upper = .infinity
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try outcome.renderJSON().utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "edgebench.check/1")
        for key in ["metric", "max_regression", "status", "exit_status", "comparisons", "not_compared", "notes", "method"] {
            #expect(object.keys.contains(key), "\(key)")
        }
        let first = try #require((object["comparisons"] as? [[String: Any]])?.first)
        let interval = try #require(first["ratio_ci"] as? [Any])
        #expect(interval.count == 2 && interval[1] is NSNull)
    }
}
