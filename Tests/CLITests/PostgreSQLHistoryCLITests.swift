import FixtureSupport
import Foundation
import Synchronization
import Testing

/// A throwaway database on the loopback server of `scripts/ci-services.sh` (EDGEBENCH_TEST_POSTGRES_URL),
/// created empty for one test and dropped after it.
final class ScratchDatabase {
    static let serverURL: String? = ProcessInfo.processInfo.environment["EDGEBENCH_TEST_POSTGRES_URL"]
    static let missing = "no PostgreSQL: set EDGEBENCH_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:55432/edgebench_test (scripts/ci-services.sh starts one)"
    static var available: Bool { serverURL != nil && psql != nil }

    static let psql: String? = ["/usr/bin/psql", "/usr/local/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let name = "edgebench_t_" + UUID().uuidString.prefix(8).lowercased()
    /// The URL of this database: the server's URL with its database name replaced.
    let url: String

    init() throws {
        let server = Self.serverURL!
        url = String(server[..<server.lastIndex(of: "/")!]) + "/" + name
        let created = try Self.sql("CREATE DATABASE \(name)", database: server)
        guard created.status == 0 else { throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: created.output]) }
    }

    deinit {
        _ = try? Self.sql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", database: Self.serverURL!)
    }

    /// One value (first column of the first row) of a query on this database.
    func value(_ query: String) throws -> String {
        try Self.sql(query, database: url).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func sql(_ query: String, database: String) throws -> (status: Int32, output: String) {
        try FleetServers.run(psql!, ["-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", query])
    }
}

@Suite("PostgreSQL history for a fleet: one database, several machines", .serialized,
       .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)),
       .enabled(if: ScratchDatabase.available, Comment(rawValue: ScratchDatabase.missing)))
struct PostgreSQLHistoryCLITests {
    let quick = ["--runs", "3", "--min-time", "0", "--warmup", "0", "--quiet"]
    var iris: String { Fixtures.model("iris_lite.tflite") }

    @Test("an empty database gets the schema (migrations 1 to 3); two machine identities are listed side by side and filtered")
    func twoMachines() throws {
        let database = try ScratchDatabase()
        let a = try CLI.run(["bench", iris, "--db", database.url, "--machine-name", "rig-a", "--tag", "commit=c1"] + quick)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stderr.contains("stored as run 1 in \(database.url)"), "\(a.stderr)")
        let b = try CLI.run(["bench", iris, "--machine-name", "rig-b", "--tag", "commit=c2"] + quick, environment: ["EDGEBENCH_DB": database.url])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(try database.value("SELECT string_agg(version::text, ',' ORDER BY version) FROM edgebench_migrations") == "1,2,3")

        let all = try CLI.run(["history", "--db", database.url])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("on rig-a") && all.stdout.contains("on rig-b"), "\(all.stdout)")
        let onlyA = try CLI.run(["history", "--db", database.url, "--machine", "rig-a"])
        #expect(onlyA.stdout.contains("on rig-a") && !onlyA.stdout.contains("on rig-b"), "\(onlyA.stdout)")
        let tagged = try CLI.run(["history", "--db", database.url, "--tag", "commit=c2", "--model", "iris_lite.tflite"])
        #expect(tagged.stdout.contains("on rig-b") && !tagged.stdout.contains("on rig-a"), "\(tagged.stdout)")
        let future = try CLI.run(["history", "--db", database.url, "--since", "2999-01-01"])
        #expect(future.status == 0 && future.stdout.contains("no results stored yet"), "\(future.stdout)")

        let shown = try CLI.run(["history", "show", "2", "--db", database.url, "--format", "json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        // The run as stored, in the bench schema of the version that wrote it.
        #expect(shown.stdout.contains("\"schema\" : \"edgebench.bench/") || shown.stdout.contains("\"schema\":\"edgebench.bench/"), "\(shown.stdout.prefix(300))")
        let missing = try CLI.run(["history", "show", "99", "--db", database.url])
        #expect(missing.status == 3 && missing.stderr.contains("no run 99"), "\(missing.stderr)")
    }

    @Test("four edgebench processes storing into one new database at once: four runs, none lost or duplicated")
    func concurrentWriters() throws {
        let database = try ScratchDatabase()
        let statuses = Mutex4()
        let arguments = ["bench", iris, "--db", database.url] + quick
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let result = try? CLI.run(arguments + ["--machine-name", "writer-\(index)"])
            statuses.set(index, result?.status ?? -1, result?.stderr ?? "did not run")
        }
        for (status, stderr) in statuses.values { #expect(status == 0, "\(stderr)") }
        #expect(try database.value("SELECT count(*) FROM runs") == "4")
        #expect(try database.value("SELECT count(DISTINCT machine_name) FROM runs") == "4")
        #expect(try database.value("SELECT count(*) FROM results") == "4")
        #expect(try database.value("SELECT count(*) FROM edgebench_migrations") == "3")
    }

    @Test("a server that is down: exit 69 naming the URL without the password, after the local result file is written")
    func serverDown() throws {
        let directory = TemporaryDirectory()
        let output = directory.path + "/result.json"
        // Port 1 on loopback: nothing listens there.
        let result = try CLI.run(["bench", iris, "--db", "postgresql://ci:hunter2@127.0.0.1:1/edgebench", "--output", output] + quick)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach the PostgreSQL history at postgresql://ci:***@127.0.0.1:1/edgebench"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
        #expect(FileManager.default.fileExists(atPath: output))
    }

    @Test("the database going away while measuring: one clear error (69), the local result files still written")
    func databaseGoesAway() throws {
        let database = try ScratchDatabase()
        let directory = TemporaryDirectory()
        let output = directory.path + "/result.json", textfile = directory.path + "/m.prom"
        let name = database.name, server = ScratchDatabase.serverURL!
        // Dropped a second into a four-second measurement (if the run had not opened it yet, the outcome is the same).
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
            _ = try? ScratchDatabase.sql("DROP DATABASE \(name) WITH (FORCE)", database: server)
        }
        let result = try CLI.run(["bench", iris, "--db", database.url, "--output", output, "--prometheus-textfile", textfile,
                                  "--runs", "3", "--min-time", "4", "--warmup", "0", "--quiet"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("has no such database"), "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "edgebench: error:").count == 2, "one error: \(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: output))
        #expect(FileManager.default.fileExists(atPath: textfile))
    }

    @Test("an unknown role and a missing database are exit 69 with what to do")
    func refusedLogins() throws {
        let database = try ScratchDatabase()
        let base = String(database.url[..<database.url.lastIndex(of: "/")!])
        let role = base.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://no_such_role@") + "/" + database.name
        let refused = try CLI.run(["history", "--db", role])
        #expect(refused.status == 69, "\(refused.stderr)")
        #expect(refused.stderr.contains("refused the login"), "\(refused.stderr)")
        let noDatabase = try CLI.run(["history", "--db", base + "/no_such_database_here"])
        #expect(noDatabase.status == 69, "\(noDatabase.stderr)")
        #expect(noDatabase.stderr.contains("has no such database"), "\(noDatabase.stderr)")
    }

    @Test("history on an empty database creates nothing and says there is no history yet")
    func readingCreatesNothing() throws {
        let database = try ScratchDatabase()
        let listed = try CLI.run(["history", "--db", database.url])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("no history yet"), "\(listed.stdout)")
        #expect(try database.value("SELECT to_regclass('runs') IS NULL") == "t")
    }
}

/// The four writers' exit statuses and error output, filled from concurrentPerform's threads.
final class Mutex4: Sendable {
    private let storage = Mutex([(Int32, String)](repeating: (-1, "not run"), count: 4))

    func set(_ index: Int, _ status: Int32, _ stderr: String) {
        storage.withLock { $0[index] = (status, stderr) }
    }

    var values: [(Int32, String)] {
        storage.withLock { $0 }
    }
}
