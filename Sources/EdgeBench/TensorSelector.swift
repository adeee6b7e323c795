import Foundation
import LiteRT

/// Names one input of a model: by position (a plain integer) or by tensor name.
///
/// Command-line text is `NAME_OR_INDEX=VALUE`, split at the **last** `=` because tensor names may
/// contain `:` and `=` (the project's conventions).
public enum TensorSelector: Hashable, Sendable, Codable, CustomStringConvertible {
    case index(Int)
    case name(String)

    /// A plain non-negative integer is an index; anything else is a name.
    public init(_ text: String) {
        if let index = Int(text), index >= 0, !text.hasPrefix("+") { self = .index(index) } else { self = .name(text) }
    }

    public var description: String {
        switch self {
        case let .index(index): return String(index)
        case let .name(name): return name
        }
    }

    /// The position of the selected tensor among `tensors`, or nil when there is none.
    public func position(in tensors: [String]) -> Int? {
        switch self {
        case let .index(index): return tensors.indices.contains(index) ? index : nil
        case let .name(name): return tensors.firstIndex(of: name)
        }
    }

    /// Splits `NAME_OR_INDEX=VALUE` at the last `=`; text without `=` selects input 0.
    /// - Returns: The selector and the value text.
    public static func split(_ text: String) -> (selector: TensorSelector, value: String) {
        guard let equals = text.lastIndex(of: "=") else { return (.index(0), text) }
        let key = String(text[..<equals])
        let value = String(text[text.index(after: equals)...])
        return (key.isEmpty ? .index(0) : TensorSelector(key), value)
    }
}

/// `--input-shape NAME_OR_INDEX=1,224,224,3`: the dimensions to give one input before buffers are made.
public struct InputShape: Hashable, Sendable, Codable, CustomStringConvertible {
    public var selector: TensorSelector
    public var dimensions: [Int]

    public init(selector: TensorSelector, dimensions: [Int]) {
        self.selector = selector
        self.dimensions = dimensions
    }

    /// The largest rank LiteRT's layout holds.
    public static let maxRank = 8
    /// The largest dimension accepted (LiteRT takes 32-bit dimensions).
    public static let maxDimension = Int(Int32.max)

    /// Parses `NAME_OR_INDEX=D1,D2,...` (or `D1,D2,...` for input 0).
    /// - Throws: `EdgeBenchError.invalidInputShape` naming the text and what is wrong.
    public static func parse(_ text: String) throws -> InputShape {
        let (selector, value) = TensorSelector.split(text)
        let pieces = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !value.isEmpty, (1...maxRank).contains(pieces.count) else {
            throw EdgeBenchError.invalidInputShape(text: text, detail: "give 1 to \(maxRank) comma-separated dimensions, e.g. 0=1,224,224,3")
        }
        let dimensions = try pieces.map { piece -> Int in
            guard let dimension = Int(piece), (1...maxDimension).contains(dimension) else {
                throw EdgeBenchError.invalidInputShape(text: text, detail: "'\(piece)' is not a dimension from 1 to \(maxDimension)")
            }
            return dimension
        }
        return InputShape(selector: selector, dimensions: dimensions)
    }

    /// "input=1,3" — the text form that parses back to this value.
    public var description: String { "\(selector)=" + dimensions.map(String.init).joined(separator: ",") }
}

/// How one model's inputs get concrete shapes: the user's `--input-shape` values, and 1 for any
/// dynamic dimension (-1) left without one.
public struct InputShapePlan: Sendable, Equatable {
    /// New dimensions by input index (only inputs that change).
    public var resize: [Int: [Int]]
    /// One sentence per input whose dynamic dimension defaulted to 1.
    public var notes: [String]

    /// Plans the shapes of `inputs` (as LiteRT describes them: -1 marks a dynamic dimension).
    /// Overrides that name no input of this model are ignored here: with several models an override
    /// applies to those that have the input (see `InputShapePlan.checkEveryOverrideMatches`).
    /// - Throws: `EdgeBenchError.invalidInputShape` when an override changes the rank or a fixed dimension.
    public init(inputs: [TensorInfo], overrides: [InputShape], model: String) throws {
        var resize: [Int: [Int]] = [:]
        var notes: [String] = []
        let names = inputs.map(\.name)
        for override in overrides {
            guard let index = override.selector.position(in: names) else { continue }
            let signature = inputs[index].shape
            guard signature.count == override.dimensions.count,
                  zip(signature, override.dimensions).allSatisfy({ $0 < 0 || $0 == $1 }) else {
                throw EdgeBenchError.invalidInputShape(text: override.description,
                    detail: "input '\(names[index])' of \(model) has shape \(signature); only its -1 dimensions can be set, keeping rank \(signature.count)")
            }
            resize[index] = override.dimensions
        }
        for (index, input) in inputs.enumerated() where resize[index] == nil && input.shape.contains(where: { $0 < 0 }) {
            let shape = input.shape.map { $0 < 0 ? 1 : $0 }
            resize[index] = shape
            notes.append("input '\(input.name)' of \(model) has a dynamic shape \(input.shape); using \(shape) (set it with --input-shape \(input.name)=\(shape.map(String.init).joined(separator: ",")))")
        }
        self.resize = resize
        self.notes = notes
    }

    /// Refuses overrides that name an input none of the models has.
    /// - Parameter inputNames: The input names of each model.
    /// - Throws: `EdgeBenchError.unknownInput`.
    public static func checkEveryOverrideMatches(_ overrides: [InputShape], inputNames: [[String]], option: String = "--input-shape") throws {
        for override in overrides where !inputNames.contains(where: { override.selector.position(in: $0) != nil }) {
            throw EdgeBenchError.unknownInput(option: option, selector: override.selector.description,
                                              available: Array(Set(inputNames.flatMap { $0 })).sorted())
        }
    }
}
