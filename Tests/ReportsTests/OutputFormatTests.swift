import Presentation
import Testing

@Suite("One output format type with one extension rule")
struct OutputFormatTests {
    @Test("--format takes text, json, csv and markdown, and table for text")
    func argument() {
        #expect(OutputFormat.allCases.map(\.rawValue) == ["text", "json", "csv", "markdown"])
        #expect(OutputFormat(argument: "table") == .text)
        #expect(OutputFormat(argument: "markdown") == .markdown)
        #expect(OutputFormat(argument: "md") == nil)
        #expect(OutputFormat(argument: "yaml") == nil)
    }

    @Test("an --output file gets the explicit --format, else its extension's, else text")
    func fileFormat() {
        #expect(OutputFormat.forFile("r.json", explicit: nil) == .json)
        #expect(OutputFormat.forFile("r.CSV", explicit: nil) == .csv)
        #expect(OutputFormat.forFile("r.md", explicit: nil) == .markdown)
        #expect(OutputFormat.forFile("r.markdown", explicit: nil) == .markdown)
        #expect(OutputFormat.forFile("r.txt", explicit: nil) == .text)
        #expect(OutputFormat.forFile("r.bin", explicit: nil) == .text)
        #expect(OutputFormat.forFile(nil, explicit: nil) == .text)
        // An explicit format is written as given, whatever the extension says.
        #expect(OutputFormat.forFile("r.json", explicit: .text) == .text)
        #expect(OutputFormat.forFile("r.csv", explicit: .markdown) == .markdown)
    }

    @Test("the alternatives read as a list")
    func alternatives() {
        #expect(OutputFormat.alternatives([.text, .json]) == "text or json")
        #expect(OutputFormat.alternatives([.text, .json, .markdown]) == "text, json or markdown")
    }
}
