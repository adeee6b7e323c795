import Foundation

/// Where a result history lives, parsed from `--db`. Only SQLite files exist today; a database server
/// backend (PostgreSQL) becomes one more case here, and `parse` stops refusing its scheme.
public enum HistoryLocation: Equatable, Sendable {
    /// An SQLite database file.
    case sqliteFile(path: String)
    /// A PostgreSQL server, `postgresql://…` or `postgres://…` as given (module HistoryPostgreSQL reads it).
    case postgresql(url: String)

    /// Reads a `--db` value: a URL (`scheme://…`) is refused, anything else is a file path.
    /// - Parameter text: The value as given.
    /// - Throws: `ResultHistoryError.unsupportedLocation` for a URL, so that no folder named `postgresql:` is
    ///   ever created from one.
    public static func parse(_ text: String) throws -> HistoryLocation {
        if let scheme = urlScheme(of: text) {
            if scheme == "postgresql" || scheme == "postgres" { return .postgresql(url: text) }
            throw ResultHistoryError.unsupportedLocation(location: text, scheme: scheme)
        }
        return .sqliteFile(path: text)
    }

    /// The scheme of `scheme://…` (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`), lowercased.
    static func urlScheme(of text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }
}
