/// Makes untrusted text (labels, tensor and operator names, paths, messages) safe to print on a terminal.
///
/// Model files and labels files can hold any bytes; an `ESC [` sequence printed raw can recolour, move the
/// cursor, retitle the window or hide text on the user's terminal. Every text, table and Markdown renderer passes
/// what it prints through here. JSON needs no help (the encoder escapes control characters) and HTML has
/// `HTML.escape`. It lives in ModelFormat, the lowest module every renderer can reach.
public enum TerminalText {
    /// `text` with control characters written as visible `\u{1B}`-style escapes.
    ///
    /// Escaped: C0 controls (U+0000–U+001F), DEL, C1 controls (U+0080–U+009F), and the bidirectional
    /// overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can make text read differently than it is.
    /// - Parameter keepingLineBreaks: Leave newline and tab as they are: for whole rendered documents, where
    ///   they are the layout. For a single field (a label, a tensor name) leave it false, so a name cannot forge lines.
    public static func escape(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks: keepingLineBreaks) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepingLineBreaks: keepingLineBreaks) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepingLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !keepingLineBreaks
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
