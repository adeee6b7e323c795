import Foundation
import Results

/// One labelled image of a dataset.
public struct DatasetImage: Sendable, Equatable {
    /// The path as the report shows it: relative to the dataset folder (or to the manifest's folder).
    public var name: String
    /// The path to read.
    public var path: String
    /// The true class, as an index into the label space (the labels file's numbering).
    public var labelIndex: Int
}

/// A labelled image set, resolved against a label space.
public struct AccuracyDataset: Sendable {
    public var path: String
    public var layout: DatasetLayout
    public var images: [DatasetImage]
    /// Class folders left out by `--skip-unknown` because no label matches them.
    public var skippedClasses: [String]
    /// Files in the folders that are not images by their extension (not read, but reported).
    public var ignoredFiles: [String]

    /// The extensions a folder dataset reads (ImageFolder's image extensions that edgebench decodes).
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "bmp"]

    /// Reads a dataset: a folder per class, or a CSV manifest when `path` is a file.
    /// - Parameters:
    ///   - labels: The label space class names are matched against (nil: only integer indices work).
    ///   - skipUnknown: Leave out class folders no label matches instead of refusing the dataset.
    /// - Throws: `AccuracyError` naming the folder, line or class at fault.
    public init(path: String, labels: Labels?, skipUnknown: Bool = false) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AccuracyError.datasetNotFound(path: path)
        }
        self.path = path
        skippedClasses = []
        ignoredFiles = []
        if isDirectory.boolValue {
            layout = .folders
            images = []
            try readFolders(labels: labels, skipUnknown: skipUnknown)
        } else {
            layout = .manifest
            images = try AccuracyDataset.readManifest(path: path, labels: labels)
        }
        guard !images.isEmpty else { throw AccuracyError.emptyDataset(path: path, layout: layout) }
    }

    private mutating func readFolders(labels: Labels?, skipUnknown: Bool) throws {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: path)
        let entries: [String]
        do { entries = try manager.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted() } catch {
            throw AccuracyError.unreadableDataset(path: path, reason: error.localizedDescription)
        }
        var classes: [(name: String, files: [String])] = []
        for entry in entries {
            var isDirectory: ObjCBool = false
            let full = root.appendingPathComponent(entry).path
            guard manager.fileExists(atPath: full, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else { ignoredFiles.append(entry); continue }
            let files: [String]
            do { files = try manager.contentsOfDirectory(atPath: full).filter { !$0.hasPrefix(".") }.sorted() } catch {
                throw AccuracyError.unreadableDataset(path: full, reason: error.localizedDescription)
            }
            classes.append((entry, files))
        }
        guard !classes.isEmpty else { throw AccuracyError.emptyDataset(path: path, layout: .folders) }
        guard let labels else { throw AccuracyError.noLabels(dataset: path) }
        let matcher = LabelMatcher(labels)
        var unknown: [String] = [], ambiguous: [AmbiguousClass] = []
        var resolved: [(name: String, index: Int, files: [String])] = []
        for (name, files) in classes {
            let matches = matcher.matches(name)
            switch matches.count {
            case 0: unknown.append(name)
            case 1: resolved.append((name, matches[0], files))
            default: ambiguous.append(AmbiguousClass(name: name, candidates: matches.map { LabelCandidate(index: $0, label: labels[$0] ?? "") }))
            }
        }
        if !ambiguous.isEmpty { throw AccuracyError.ambiguousClasses(ambiguous) }
        if !unknown.isEmpty {
            guard skipUnknown else { throw AccuracyError.unknownClasses(unknown, dataset: path) }
            skippedClasses = unknown
        }
        for (name, index, files) in resolved {
            for file in files {
                let relative = name + "/" + file
                let ext = (file as NSString).pathExtension.lowercased()
                guard AccuracyDataset.imageExtensions.contains(ext) else { ignoredFiles.append(relative); continue }
                images.append(DatasetImage(name: relative, path: root.appendingPathComponent(relative).path, labelIndex: index))
            }
        }
    }

    static func readManifest(path: String, labels: Labels?) throws -> [DatasetImage] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw AccuracyError.unreadableDataset(path: path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AccuracyError.malformedManifest(path: path, line: 1, detail: "it is not UTF-8 text")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let matcher = labels.map(LabelMatcher.init)
        var images: [DatasetImage] = [], ambiguous: [AmbiguousClass] = [], unknown: [String] = []
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = try CSVLine.fields(String(line), path: path, line: lineNumber)
            guard fields.count == 2 else {
                throw AccuracyError.malformedManifest(path: path, line: lineNumber, detail: "it has \(fields.count) field\(fields.count == 1 ? "" : "s"), not 2 (image,label); quote a label that contains commas")
            }
            let image = fields[0].trimmingCharacters(in: .whitespaces), label = fields[1].trimmingCharacters(in: .whitespaces)
            if lineNumber == 1 && image.lowercased() == "image" && label.lowercased() == "label" { continue }  // the header
            guard !image.isEmpty else { throw AccuracyError.malformedManifest(path: path, line: lineNumber, detail: "the image path is empty") }
            let index: Int
            if !label.isEmpty, label.allSatisfy({ $0.isASCII && $0.isNumber }), label.count <= 9, let number = Int(label) {
                if let labels, labels[number] == nil {
                    throw AccuracyError.malformedManifest(path: path, line: lineNumber, detail: "label index \(number) is not in the label space (\(labels.count) labels)")
                }
                index = number
            } else {
                guard let matcher, let labels else { throw AccuracyError.noLabels(dataset: path) }
                let matches = matcher.matches(label)
                if matches.count > 1 {
                    ambiguous.append(AmbiguousClass(name: label, candidates: matches.map { LabelCandidate(index: $0, label: labels[$0] ?? "") }))
                    continue
                }
                guard let only = matches.first else { unknown.append(label); continue }
                index = only
            }
            let resolved = image.hasPrefix("/") ? image : folder.appendingPathComponent(image).path
            images.append(DatasetImage(name: image, path: resolved, labelIndex: index))
        }
        if !ambiguous.isEmpty { throw AccuracyError.ambiguousClasses(ambiguous) }
        if !unknown.isEmpty { throw AccuracyError.unknownLabels(Array(Set(unknown)).sorted(), manifest: path) }
        return images
    }
}

/// A class name and the labels it could mean.
public struct AmbiguousClass: Sendable, Equatable {
    public var name: String
    public var candidates: [LabelCandidate]
    public init(name: String, candidates: [LabelCandidate]) {
        self.name = name
        self.candidates = candidates
    }
}

public struct LabelCandidate: Sendable, Equatable {
    public var index: Int
    public var label: String
    public init(index: Int, label: String) {
        self.index = index
        self.label = label
    }
}

/// Matches dataset class names to labels: a name matches a label when it equals the whole label or one of its
/// comma-separated synonyms, ignoring case, with `_` and space equivalent (`bull_mastiff` ↔ `bull mastiff`,
/// `buckeye` ↔ `buckeye, horse chestnut, conker`).
public struct LabelMatcher: Sendable {
    private var indicesByKey: [String: [Int]] = [:]

    public init(_ labels: Labels) {
        for (index, label) in labels.byIndex {
            var keys: Set<String> = [LabelMatcher.key(label)]
            for synonym in label.split(separator: ",") { keys.insert(LabelMatcher.key(String(synonym))) }
            for key in keys where !key.isEmpty { indicesByKey[key, default: []].append(index) }
        }
    }

    /// The label indices `name` matches, in increasing order.
    public func matches(_ name: String) -> [Int] {
        (indicesByKey[LabelMatcher.key(name)] ?? []).sorted()
    }

    /// Lower case, `_` as space, runs of white space as one space, trimmed.
    static func key(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "_", with: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// One line of RFC 4180 CSV: comma-separated fields, double quotes around a field that holds commas, `""` for a quote.
enum CSVLine {
    static func fields(_ line: String, path: String, line number: Int) throws -> [String] {
        var fields: [String] = [], current = "", quoted = false, index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if quoted {
                if character == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" { current.append("\""); index = next } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
            index = line.index(after: index)
        }
        guard !quoted else { throw AccuracyError.malformedManifest(path: path, line: number, detail: "a quoted field is not closed") }
        fields.append(current)
        return fields
    }
}
