/// The one way a duration in milliseconds is shown to people, in every text, Markdown and HTML rendering.
///
/// About four significant digits: 0.0123, 1.234, 12.35, 123.5, 1234. Machine-readable outputs keep full
/// precision instead (JSON as encoded, CSV and HTML `data-*` attributes through `JSONNumber` or `%.6g`).
public enum Milliseconds {
    /// Formats `value` by the rule above.
    /// - Parameters:
    ///   - value: Milliseconds; nil or a non-finite value prints as `missing`.
    ///   - missing: The placeholder of an absent value ("-" in terminal tables, "–" in HTML).
    /// - Returns: The digits, without a unit.
    public static func format(_ value: Double?, missing: String = "-") -> String {
        guard let value, value.isFinite else { return missing }
        let magnitude = abs(value)
        let format = magnitude >= 1000 ? "%.0f" : magnitude >= 100 ? "%.1f" : magnitude >= 10 ? "%.2f" : magnitude >= 0.1 ? "%.3f" : "%.4f"
        return String(format: format, value)
    }
}
