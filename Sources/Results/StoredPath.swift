import Foundation

/// A file a result depends on, stored as the user gave it and as an absolute path (the conventions' "Results and
/// paths"), so that `check` finds it again from another folder.
public struct StoredPath: Sendable, Codable, Equatable, Hashable {
    /// The path as given on the command line.
    public var given: String
    /// The absolute path it named then (standardized, symlinks not resolved).
    public var absolute: String

    public init(given: String, absolute: String) {
        self.given = given
        self.absolute = absolute
    }

    /// `path` as given, with its absolute form against the current directory.
    public init(_ path: String) {
        given = path
        absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The file to read again: the absolute path when it exists, else the given path relative to `folder` (the
    /// baseline file's folder; the current directory when nil), else nil.
    public func resolved(relativeTo folder: String?) -> String? {
        if FileManager.default.fileExists(atPath: absolute) { return absolute }
        let candidate = given.hasPrefix("/") || folder == nil ? given : ((folder ?? "") as NSString).appendingPathComponent(given)
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }
}
