import FixtureSupport
import EdgeBench
import Testing

@Suite("Labels files")
struct LabelsTests {
    @Test("\"N  label\" lines are indexed by their number")
    func indexed() {
        let labels = Labels(parsing: "0  background\n1  tench, Tinca tinca\n3  shark\n")
        #expect(labels[0] == "background")
        #expect(labels[1] == "tench, Tinca tinca")
        #expect(labels[2] == nil)
        #expect(labels[3] == "shark")
    }

    @Test("plain files are indexed by line number, keeping empty lines as empty labels")
    func plain() {
        let labels = Labels(parsing: "background\ntench\n\ngoldfish\n")
        #expect(labels.count == 4)
        #expect(labels[1] == "tench")
        #expect(labels[2] == "")
        #expect(labels[3] == "goldfish")
    }

    @Test("a label that merely starts with a digit does not make a file indexed")
    func digitsInPlainLabels() {
        let labels = Labels(parsing: "background\n3D glasses\n")
        #expect(labels[1] == "3D glasses")
    }

    @Test("both fixture formats give the same label for the parrot (89)", .enabled(if: Fixtures.available))
    func fixtureFormatsAgree() throws {
        let indexed = try Labels(contentsOf: Fixtures.labels("imagenet_labels.txt"))
        let plain = try Labels(contentsOf: Fixtures.labels("imagenet_labels_plain.txt"))
        #expect(indexed[89] != nil)
        #expect(indexed[89] == plain[89])
        #expect(indexed.count == plain.count)
    }

    @Test("an empty labels file is refused with its path")
    func empty() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/labels.txt"
        try "\n\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: EdgeBenchError.emptyLabels(path: path)) { try Labels(contentsOf: path) }
    }

    @Test("a directory is refused as a labels file")
    func directory() {
        let directory = TemporaryDirectory()
        #expect(throws: FileAccessError.isDirectory(path: directory.path)) {
            try Labels(contentsOf: directory.path)
        }
    }
}
