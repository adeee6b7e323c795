import EdgeBench
import FixtureSupport
import Foundation
import Testing

/// A dataset folder built from the fixture images in a temporary directory.
struct LabelledFolder {
    let directory = TemporaryDirectory()
    var path: String { directory.path }

    /// `classes`: class folder → fixture image names; `corrupt`: "class/file" paths written as broken JPEGs.
    init(_ classes: [String: [String]], corrupt: [String] = []) throws {
        let manager = FileManager.default
        for (name, images) in classes {
            try manager.createDirectory(atPath: directory.path + "/" + name, withIntermediateDirectories: true)
            for image in images { try manager.copyItem(atPath: Fixtures.image(image), toPath: directory.path + "/" + name + "/" + image) }
        }
        for file in corrupt {
            let url = URL(fileURLWithPath: directory.path + "/" + file)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("not really a JPEG".utf8)).write(to: url)
        }
    }
}

@Suite("Accuracy datasets: class folders, CSV manifests, label matching", .enabled(if: Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
struct AccuracyDatasetTests {
    static var imagenet: Labels { get throws { try Labels(contentsOf: Fixtures.labels("imagenet_labels.txt")) } }

    @Test("a class name matches a label or a synonym, ignoring case, with _ as space")
    func matching() throws {
        let matcher = LabelMatcher(try Self.imagenet)
        #expect(matcher.matches("bull_mastiff") == [244])
        #expect(matcher.matches("Bull Mastiff") == [244])
        #expect(matcher.matches("buckeye") == [991])
        #expect(matcher.matches("horse_chestnut") == [991])
        #expect(matcher.matches("buckeye, horse chestnut, conker") == [991])
        #expect(matcher.matches("EGYPTIAN_CAT") == [286])
        #expect(matcher.matches("crane") == [135, 518])
        #expect(matcher.matches("maillot") == [639, 640])
        #expect(matcher.matches("no such class").isEmpty)
    }

    @Test("class folders become labelled images, sorted; non-image files are listed, not read")
    func folders() throws {
        let folder = try LabelledFolder(["macaw": ["parrot.jpg"], "Egyptian_cat": ["cat.bmp", "cat_720p.jpg"]])
        try Data("notes".utf8).write(to: URL(fileURLWithPath: folder.path + "/macaw/README.txt"))
        let dataset = try AccuracyDataset(path: folder.path, labels: try Self.imagenet)
        #expect(dataset.layout == .folders)
        #expect(dataset.images.map(\.name) == ["Egyptian_cat/cat.bmp", "Egyptian_cat/cat_720p.jpg", "macaw/parrot.jpg"])
        #expect(dataset.images.map(\.labelIndex) == [286, 286, 89])
        #expect(dataset.ignoredFiles == ["macaw/README.txt"])
    }

    @Test("an unmatched class folder is refused, listed; --skip-unknown leaves it out and reports it")
    func unknownFolder() throws {
        let folder = try LabelledFolder(["macaw": ["parrot.jpg"], "not_a_label": ["cat.bmp"]])
        #expect(throws: AccuracyError.unknownClasses(["not_a_label"], dataset: folder.path)) {
            try AccuracyDataset(path: folder.path, labels: try Self.imagenet)
        }
        let dataset = try AccuracyDataset(path: folder.path, labels: try Self.imagenet, skipUnknown: true)
        #expect(dataset.skippedClasses == ["not_a_label"])
        #expect(dataset.images.map(\.name) == ["macaw/parrot.jpg"])
    }

    @Test("a class name that matches two labels is refused, listing both candidates")
    func ambiguousFolder() throws {
        let folder = try LabelledFolder(["crane": ["bird.bmp"]])
        let expected = AmbiguousClass(name: "crane", candidates: [LabelCandidate(index: 135, label: "crane"), LabelCandidate(index: 518, label: "crane")])
        #expect(throws: AccuracyError.ambiguousClasses([expected])) {
            try AccuracyDataset(path: folder.path, labels: try Self.imagenet, skipUnknown: true)
        }
        #expect(AccuracyError.ambiguousClasses([expected]).localizedDescription.contains("135 'crane', 518 'crane'"))
    }

    @Test("a CSV manifest takes names (quoted when they hold commas) or indices, paths relative to the CSV")
    func manifest() throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/img", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.image("parrot.jpg"), toPath: directory.path + "/img/parrot.jpg")
        let csv = "image,label\nimg/parrot.jpg,macaw\nimg/parrot.jpg,\"buckeye, horse chestnut, conker\"\nimg/parrot.jpg,518\n"
        try Data(csv.utf8).write(to: URL(fileURLWithPath: directory.path + "/val.csv"))
        let dataset = try AccuracyDataset(path: directory.path + "/val.csv", labels: try Self.imagenet)
        #expect(dataset.layout == .manifest)
        #expect(dataset.images.map(\.labelIndex) == [89, 991, 518])
        #expect(dataset.images.allSatisfy { $0.path == directory.path + "/img/parrot.jpg" })
    }

    @Test("manifest faults name the line: a missing field, an index outside the labels, an ambiguous name")
    func manifestFaults() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/val.csv"
        func write(_ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
        try write("a.jpg\n")
        #expect(throws: AccuracyError.self) { try AccuracyDataset(path: path, labels: try Self.imagenet) }
        try write("a.jpg,5000\n")
        #expect(throws: AccuracyError.malformedManifest(path: path, line: 1, detail: "label index 5000 is not in the label space (1001 labels)")) {
            try AccuracyDataset(path: path, labels: try Self.imagenet)
        }
        try write("a.jpg,maillot\n")
        #expect(throws: AccuracyError.self) { try AccuracyDataset(path: path, labels: try Self.imagenet) }
        #expect(throws: AccuracyError.datasetNotFound(path: directory.path + "/none")) {
            try AccuracyDataset(path: directory.path + "/none", labels: nil)
        }
    }
}
