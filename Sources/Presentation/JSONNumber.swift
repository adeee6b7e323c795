/// Writes a `Double` exactly as edgebench's JSON output writes it, so that a number in the HTML report
/// (an SVG `data-*` attribute, a table cell's `data-value`) can be compared with the JSON text by string equality.
///
/// The rule, in one place: Swift's shortest round-trip decimal (`Double.description`) with a trailing
/// `.0` removed — what Foundation's `JSONEncoder` writes for a `Double`. Examples: `17.498111` → `17.498111`,
/// `1.0` → `1`, `-0.0` → `-0`, `1e-07` → `1e-07`, `1e+16` → `1e+16`. Non-finite values, which the JSON
/// output cannot contain, are written `NaN`, `Infinity` and `-Infinity`.
public enum JSONNumber {
    /// Formats `value` by the rule above.
    /// - Parameter value: Any double.
    /// - Returns: The text the JSON output holds for `value`.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
