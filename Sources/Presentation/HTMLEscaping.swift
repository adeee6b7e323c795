/// Escapes text for HTML element content and quoted attribute values (also valid XML, so the report parses as XHTML).
///
/// `&`, `<`, `>`, `"` and `'` become entities; C0 control characters other than tab, newline and carriage
/// return (which XML forbids) become U+FFFD. Every string that reaches the report from a `BenchReport`
/// (model paths, labels, reasons, CPU names) goes through here: model names are user input.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value):
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `escape(text)` with a `<wbr/>` after each `_`, `.` and `/`, so long file names can wrap in narrow table cells.
    static func breakable(_ text: String) -> String {
        var out = ""
        for character in escape(text) {
            out.append(character)
            if character == "_" || character == "." || character == "/" { out += "<wbr/>" }
        }
        return out
    }
}
