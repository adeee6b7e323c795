import ModelFormat
import Testing

@Suite("Untrusted text is printed with its control characters escaped")
struct TerminalTextTests {
    @Test("ESC, C1 controls, DEL and bidi overrides become visible escapes")
    func controls() {
        #expect(TerminalText.escape("\u{1B}[31mred") == "\\u{1B}[31mred")
        #expect(TerminalText.escape("a\u{9B}2Jb\u{7F}") == "a\\u{9B}2Jb\\u{7F}")
        #expect(TerminalText.escape("abc\u{202E}gpj.exe") == "abc\\u{202E}gpj.exe")
        #expect(TerminalText.escape("\u{0}\u{7}\r") == "\\u{0}\\u{7}\\u{D}")
    }

    @Test("ordinary text, including non-ASCII, is unchanged")
    func ordinary() {
        for text in ["mobilenet_v2_1.0_224_quant.tflite", "tench, Tinca tinca", "naïve café 猫", "a\\u{1B}"] {
            #expect(TerminalText.escape(text) == text)
        }
    }

    @Test("newline and tab are layout in documents but escaped in a single field")
    func lineBreaks() {
        #expect(TerminalText.escape("a\tb\nc", keepingLineBreaks: true) == "a\tb\nc")
        #expect(TerminalText.escape("a\tb\nc") == "a\\u{9}b\\u{A}c")
        #expect(TerminalText.escape("x\u{1B}]0;title\u{7}\n", keepingLineBreaks: true) == "x\\u{1B}]0;title\\u{7}\n")
    }
}
