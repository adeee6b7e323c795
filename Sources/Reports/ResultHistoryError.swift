import Foundation

/// Why the result history could not be opened, written or read.
public enum ResultHistoryError: Error, Sendable, Equatable {
    /// Neither `$XDG_DATA_HOME` nor `$HOME` is set, so there is no default location.
    case noDefaultLocation
    /// The directory for the database could not be created.
    case cannotCreateDirectory(path: String, detail: String)
    /// The report could not be encoded as JSON (a non-finite number, say).
    case unencodableReport(detail: String)
    /// A stored report's JSON does not decode as a `BenchReport`.
    case undecodableReport(runID: Int64, detail: String)
    /// A stored report has a schema this version does not read.
    case unsupportedSchema(runID: Int64, found: String, expected: String)
}

extension ResultHistoryError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .noDefaultLocation:
            return "no place for the result history: set XDG_DATA_HOME or HOME, or pass a database path"
        case let .cannotCreateDirectory(path, detail):
            return "cannot create the history directory \(path): \(detail)"
        case let .unencodableReport(detail):
            return "cannot store the report as JSON: \(detail)"
        case let .undecodableReport(runID, detail):
            return "run \(runID) in the history is not a readable report: \(detail)"
        case let .unsupportedSchema(runID, found, expected):
            return "run \(runID) in the history has schema '\(found)'; this edgebench reads '\(expected)'"
        }
    }
}
