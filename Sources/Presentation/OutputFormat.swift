import Foundation

/// The output formats of every command that reports (`--format text|json|csv|markdown`; `table` is another
/// name for `text`), and the one rule for the format of an `--output` file.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// The human table.
    case text
    /// A versioned document (`"schema": "edgebench.<kind>/<version>"`).
    case json
    case csv
    case markdown

    /// Parses a `--format` value: a case name, or `table` for `text`.
    public init?(argument: String) {
        self.init(rawValue: argument == "table" ? "text" : argument)
    }

    /// The format a file name's extension stands for (`.json`, `.csv`, `.md`/`.markdown`, `.txt`), or nil.
    public init?(extensionOf path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "json": self = .json
        case "csv": self = .csv
        case "md", "markdown": self = .markdown
        case "txt": self = .text
        default: return nil
        }
    }

    /// The format written to an `--output` file: `--format` when it was given explicitly, else the format the
    /// file's extension names, else text. (An explicit format is written as given, whatever the extension.)
    /// - Parameters:
    ///   - path: The `--output` path, if any.
    ///   - explicit: The `--format` value, nil when the flag was not given.
    public static func forFile(_ path: String?, explicit: OutputFormat?) -> OutputFormat {
        explicit ?? path.flatMap(OutputFormat.init(extensionOf:)) ?? .text
    }

    /// "text or json", "text, json or markdown": for a command's help and its refusal of a format it lacks.
    public static func alternatives(_ formats: [OutputFormat]) -> String {
        let names = formats.map(\.rawValue)
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }
}
