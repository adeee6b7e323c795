import Foundation
import Results

/// Why a PostgreSQL history could not be used. Every message names the server by its URL without the password
/// and says what to do.
public enum PostgreSQLHistoryError: Error, Equatable, Sendable, LocalizedError, ExitStatusProviding {
    public enum Access: String, Sendable, Equatable {
        case reading, writing
    }

    /// `--db` is a postgresql:// URL that lacks a part or has one this version does not read (usage, 64).
    case invalidURL(url: String, reason: String)
    /// No connection: refused, unresolvable host, timeout (69).
    case unreachable(url: String, detail: String)
    /// The server refused the user or password (69).
    case authenticationFailed(url: String, detail: String)
    /// The server runs but has no such database (69).
    case noSuchDatabase(url: String)
    /// The connection broke while a run was being read or stored; nothing of a run being stored was kept (69).
    case connectionLost(url: String, access: Access, detail: String)
    /// The server answered a statement with an error (74 writing, 3 reading).
    case statementFailed(url: String, access: Access, detail: String)
    /// The database has tables of a newer edgebench schema than this version knows (3).
    case newerSchema(url: String, found: Int, known: Int)
    /// A stored report does not decode (3).
    case undecodableReport(runID: Int64, detail: String)
    /// No run with this id (3).
    case noSuchRun(url: String, runID: Int64)

    public var errorDescription: String? {
        switch self {
        case let .invalidURL(url, reason):
            return "--db \(url): \(reason); e.g. --db postgresql://edgebench@db.example:5432/edgebench"
        case let .unreachable(url, detail):
            return "cannot reach the PostgreSQL history at \(url) (\(detail)); start the server or fix --db/EDGEBENCH_DB, or pass --no-history"
        case let .authenticationFailed(url, detail):
            return "the PostgreSQL server at \(url) refused the login (\(detail)); check the user and give the password in the URL or in PGPASSWORD"
        case let .noSuchDatabase(url):
            return "the PostgreSQL server at \(url) has no such database; create it (createdb) or fix the database name in --db"
        case let .connectionLost(url, access, detail):
            return "the connection to the PostgreSQL history at \(url) broke while \(access.rawValue) (\(detail)); "
                + (access == .writing ? "the run was not stored (the local result files were written); retry when the server is back" : "retry when the server is back")
        case let .statementFailed(url, access, detail):
            return "the PostgreSQL history at \(url) failed while \(access.rawValue) (\(detail)); check the database and the user's rights"
                + (access == .writing ? ", or pass --no-history" : "")
        case let .newerSchema(url, found, known):
            return "the PostgreSQL history at \(url) has schema version \(found), newer than this edgebench knows (\(known)); upgrade edgebench"
        case let .undecodableReport(runID, detail):
            return "stored run \(runID) cannot be read back (\(detail)); it was written by an incompatible edgebench"
        case let .noSuchRun(url, runID):
            return "no run \(runID) in the PostgreSQL history at \(url) (see `edgebench history --db …` for the ids)"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidURL: return .usage
        case .unreachable, .authenticationFailed, .noSuchDatabase, .connectionLost: return .unavailable
        case let .statementFailed(_, access, _): return access == .writing ? .cannotWrite : .badInput
        case .newerSchema, .undecodableReport, .noSuchRun: return .badInput
        }
    }
}
