import ModelFormat

/// The one Markdown escaper: what a report's text needs to sit safely in a Markdown table cell or list item.
///
/// Terminal control characters are escaped first (`TerminalText.escape`: Markdown output is read in terminals
/// too), then `|` becomes `\|` (it would end the cell), `<` and `>` become entities (a label must not inject
/// HTML into a rendered pull-request comment) and line breaks become spaces (a cell is one line).
public enum MarkdownText {
    /// `text` escaped for one Markdown table cell.
    public static func cell(_ text: String) -> String {
        TerminalText.escape(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: " ")
    }
}

/// The one CSV escaper (RFC 4180): a field with a comma, quote or line break is quoted, its quotes doubled.
public enum CSVText {
    /// `text` as one CSV field.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
