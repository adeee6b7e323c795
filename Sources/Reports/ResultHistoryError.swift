import Foundation
import GRDB
import Results

/// Why the result history could not be opened, written or read. Every case that concerns a database file
/// names it, and every message says what to do.
public enum ResultHistoryError: Error, Sendable, Equatable {
    /// Whether the failing operation read the history or wrote to it: the same SQLite failure is bad input
    /// when reading (exit 3) and an output that could not be written when recording (exit 74).
    public enum Access: String, Sendable, Equatable {
        case reading, writing
    }

    /// Neither `$XDG_DATA_HOME` nor `$HOME` is set, so there is no default location.
    case noDefaultLocation
    /// `--db` names a database server (`postgresql://…`) or another URL, which this version cannot use.
    case unsupportedLocation(location: String, scheme: String)
    /// The directory for the database could not be created.
    case cannotCreateDirectory(path: String, detail: String)
    /// The file exists but is not an SQLite database, is damaged, or is an SQLite database of something else.
    case notAHistory(path: String, detail: String)
    /// Another process holds the database's lock longer than `ResultHistory.busyTimeout`.
    case locked(path: String, access: Access, waitedSeconds: Double)
    /// The file or its folder is not writable (permissions, a read-only file system).
    case readOnly(path: String, detail: String)
    /// Any other SQLite failure, with SQLite's own result code and text.
    case databaseFailure(path: String, access: Access, code: Int32, detail: String)
    /// The report could not be encoded as JSON (a non-finite number, say).
    case unencodableReport(detail: String)
    /// A stored report's JSON does not decode as a `BenchReport`.
    case undecodableReport(runID: Int64, detail: String)
    /// A stored report has a schema this version does not read.
    case unsupportedSchema(runID: Int64, found: String, expected: String)
    /// No run with this id; `historyExists` is false when the database file does not exist at all.
    case noSuchRun(path: String, runID: Int64, historyExists: Bool)
}

extension ResultHistoryError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .noDefaultLocation:
            return "no place for the result history: set XDG_DATA_HOME or HOME, or pass --db PATH (or --no-history)"
        case let .unsupportedLocation(location, scheme):
            return "--db \(location): '\(scheme)://' locations are not supported; give an SQLite file path (e.g. --db results/history.sqlite)"
        case let .cannotCreateDirectory(path, detail):
            return "cannot create the history folder \(path): \(detail); pass --db with a writable location, or --no-history"
        case let .notAHistory(path, detail):
            return "\(path) is not an edgebench history database (\(detail)); move it away to start a new history, or pass --db with another file"
        case let .locked(path, access, waited):
            return "the history database \(path) is locked by another process (waited \(String(format: "%.0f", waited)) s while \(access.rawValue)); "
                + "retry when the other edgebench or sqlite3 has finished, or pass --db with another file" + (access == .writing ? " (or --no-history)" : "")
        case let .readOnly(path, detail):
            return "cannot write to the history database \(path) (\(detail)); make it and its folder writable, pass --db with a writable file, or --no-history"
        case let .databaseFailure(path, access, code, detail):
            return "the history database \(path) failed while \(access.rawValue) (SQLite error \(code): \(detail)); "
                + "check the file and its folder, or pass --db with another file" + (access == .writing ? " (or --no-history)" : "")
        case let .unencodableReport(detail):
            return "cannot store the report as JSON: \(detail)"
        case let .undecodableReport(runID, detail):
            return "run \(runID) in the history is not a readable report: \(detail)"
        case let .unsupportedSchema(runID, found, expected):
            return "run \(runID) in the history has schema '\(found)'; this edgebench reads '\(expected)'"
        case let .noSuchRun(path, runID, exists):
            return exists
                ? "no run \(runID) in the history \(path); `edgebench history --db \(path)` lists the stored runs"
                : "no run \(runID): there is no history at \(path) yet (bench and compare create it); check --db"
        }
    }
}

extension ResultHistoryError: ExitStatusProviding {
    public var exitStatus: ExitStatus {
        switch self {
        case .noDefaultLocation, .unsupportedLocation: return .usage
        case .notAHistory, .undecodableReport, .unsupportedSchema, .noSuchRun: return .badInput
        case .cannotCreateDirectory, .readOnly, .unencodableReport: return .cannotWrite
        case let .locked(_, access, _), let .databaseFailure(_, access, _, _):
            return access == .writing ? .cannotWrite : .badInput
        }
    }
}

extension ResultHistoryError {
    /// Classifies an SQLite failure on the history at `path`.
    /// - Parameters:
    ///   - error: GRDB's error, with SQLite's result code.
    ///   - path: The database file.
    ///   - access: What the failing operation did.
    ///   - waited: Seconds the operation ran, reported for a lock.
    init(_ error: DatabaseError, path: String, access: Access, waited: Double) {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            self = .notAHistory(path: path, detail: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .locked(path: path, access: access, waitedSeconds: waited)
        case .SQLITE_READONLY, .SQLITE_PERM:
            self = .readOnly(path: path, detail: detail)
        case .SQLITE_ERROR where access == .reading && detail.hasPrefix("no such table"):
            // An SQLite file, but of something else (or never migrated): reading creates nothing.
            self = .notAHistory(path: path, detail: detail)
        default:
            self = .databaseFailure(path: path, access: access, code: error.resultCode.rawValue, detail: detail)
        }
    }
}
