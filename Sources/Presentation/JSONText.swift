import Foundation

/// The one JSON writer of every `--format json`: pretty-printed, keys sorted, slashes unescaped, and absent values
/// written as `null` (`AbsentAsNull`), never left out.
public enum JSONText {
    /// `value` as JSON text (no trailing newline).
    /// - Throws: `EncodingError` for a value JSON cannot hold (a non-finite number).
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(AbsentAsNull(value)), as: UTF8.self)
    }
}
