import Foundation

/// Class labels, indexed by output position.
///
/// Two file formats are accepted: `"N  label"` lines (an index, whitespace, the label — pycoral's
/// format) and plain files with one label per line, where the line number is the index.
/// The format is chosen per file: when every non-empty line starts with an integer followed by
/// whitespace (or is just an integer), the indices are taken from the lines.
public struct Labels: Sendable, Equatable {
    public private(set) var byIndex: [Int: String]

    public init(byIndex: [Int: String]) { self.byIndex = byIndex }

    /// Labels from a list, index = position.
    public init(_ list: [String]) {
        byIndex = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($0.offset, $0.element) })
    }

    /// Parses a labels file's text.
    public init(parsing text: String) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let nonEmpty = lines.filter { !$0.isEmpty }
        let indexed = !nonEmpty.isEmpty && nonEmpty.allSatisfy { Labels.splitIndexed($0) != nil }
        var result: [Int: String] = [:]
        if indexed {
            for line in nonEmpty {
                if let (index, label) = Labels.splitIndexed(line) { result[index] = label }
            }
        } else {
            // Plain: line number is the index; a trailing empty line is not a label.
            var trimmedLines = lines
            while trimmedLines.last == "" { trimmedLines.removeLast() }
            for (index, line) in trimmedLines.enumerated() { result[index] = line }
        }
        byIndex = result
    }

    public var count: Int { byIndex.count }
    public subscript(index: Int) -> String? { byIndex[index] }

    private static func splitIndexed(_ line: String) -> (Int, String)? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let index = Int(digits) else { return nil }
        let rest = line.dropFirst(digits.count)
        if rest.isEmpty { return (index, "") }
        guard let first = rest.first, first == " " || first == "\t" || first == ":" else { return nil }
        return (index, rest.dropFirst().trimmingCharacters(in: .whitespaces))
    }
}
