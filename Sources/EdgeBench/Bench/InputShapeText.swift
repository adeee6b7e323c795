import Foundation

/// The value of a configuration's `input_shape` key: `SEL=D1xD2x…`, several joined by `;`, in order.
///
/// `SEL` is an input index (a plain integer) or a tensor name with `% @ : , = ;`, spaces and control characters
/// percent-encoded (`%XX` of each UTF-8 byte), so the value survives the configuration syntax and parses back
/// exactly; a name that would read as an index (`"7"`) has its first character encoded (`%37`).
/// Example: `input_shape=0=1x224x224x3;serving_default%3Ax=1x3`.
public enum InputShapeText {
    /// Characters written as `%XX` in a tensor name.
    static let reserved: Set<UInt8> = Set("%@:,=;".utf8)

    /// The key's value for `shapes` (non-empty).
    public static func encode(_ shapes: [InputShape]) -> String {
        shapes.map { encode($0.selector) + "=" + $0.dimensions.map(String.init).joined(separator: "x") }.joined(separator: ";")
    }

    static func encode(_ selector: TensorSelector) -> String {
        switch selector {
        case let .index(index):
            return String(index)
        case let .name(name):
            let looksLikeIndex = TensorSelector(name) != .name(name)
            var text = ""
            for (offset, character) in name.enumerated() {
                let bytes = Array(String(character).utf8)
                let isReserved = bytes.count == 1 && (reserved.contains(bytes[0]) || bytes[0] < 0x20 || bytes[0] == 0x7F)
                // Whitespace is encoded too: configuration values are trimmed.
                if isReserved || character.isWhitespace || character.isNewline || (looksLikeIndex && offset == 0) {
                    text += bytes.map { "%" + ($0 < 0x10 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined()
                } else {
                    text.append(character)
                }
            }
            return text
        }
    }

    /// Reads `encode`'s text back.
    /// - Parameter whole: The whole configuration text, for messages.
    /// - Throws: `EdgeBenchError.invalidConfiguration` naming what is wrong.
    public static func decode(_ value: String, in whole: String) throws -> [InputShape] {
        func fail(_ detail: String) -> EdgeBenchError {
            .invalidConfiguration(text: whole, detail: "input_shape=\(value): \(detail) (write SEL=D1xD2x…, several joined by ';', e.g. input_shape=0=1x224x224x3)")
        }
        guard !value.isEmpty else { throw fail("no shape") }
        return try value.split(separator: ";", omittingEmptySubsequences: false).map { entry -> InputShape in
            guard let equals = entry.lastIndex(of: "=") else { throw fail("'\(entry)' has no '='") }
            let selectorText = String(entry[..<equals])
            let dimensionText = entry[entry.index(after: equals)...]
            let pieces = dimensionText.split(separator: "x", omittingEmptySubsequences: false)
            guard (1...InputShape.maxRank).contains(pieces.count) else { throw fail("give 1 to \(InputShape.maxRank) dimensions") }
            let dimensions = try pieces.map { piece -> Int in
                guard piece.allSatisfy(\.isASCII), let dimension = Int(piece), (1...InputShape.maxDimension).contains(dimension) else {
                    throw fail("'\(piece)' is not a dimension from 1 to \(InputShape.maxDimension)")
                }
                return dimension
            }
            guard !selectorText.isEmpty else { throw fail("no input before '='") }
            let selector: TensorSelector
            if selectorText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let index = Int(selectorText) {
                selector = .index(index)
            } else {
                guard let name = try? BenchConfiguration.decodePath(selectorText, in: whole) else {
                    throw fail("'%' in an input name must start %XX")
                }
                selector = .name(name)
            }
            return InputShape(selector: selector, dimensions: dimensions)
        }
    }
}
