import Foundation
import ZIPFoundation

extension TFLiteModel {
    /// The largest associated file `associatedFile(named:)` extracts.
    public static let maxAssociatedFileSize = 64 << 20

    /// The input normalization of the main subgraph's first input, from its metadata process units.
    ///
    /// Returns nil when the model has no metadata or the input has no `NormalizationOptions`.
    public var inputNormalization: (mean: [Float], std: [Float])? {
        guard let input = metadata?.subgraphs.first?.inputTensors.first else { return nil }
        for unit in input.processUnits {
            if case .normalization(let mean, let std) = unit { return (mean, std) }
        }
        return nil
    }

    /// The names of the files the metadata associates with the model, its subgraphs and tensors.
    public var associatedFileNames: [String] {
        guard let metadata else { return [] }
        var names = metadata.associatedFiles.map(\.name)
        for subgraph in metadata.subgraphs {
            names += subgraph.associatedFiles.map(\.name)
            for tensor in subgraph.inputTensors + subgraph.outputTensors { names += tensor.associatedFiles.map(\.name) }
        }
        return names
    }

    /// Extracts a file from the zip archive appended to the model (a model with associated files is also a zip).
    /// - Parameter name: The file's name in the archive.
    /// - Returns: The file's bytes, or nil when the model has no archive or no such file.
    /// - Returns: nil also when the archive's directory points outside the file (see `zipDirectoryIsInBounds`).
    /// - Throws: `ModelFormatError.tooLarge` for a file beyond `maxAssociatedFileSize`; zip errors from ZIPFoundation.
    public func associatedFile(named name: String) throws -> [UInt8]? {
        // ZIPFoundation traps on offsets past the end; it only sees archives whose every offset was checked.
        guard zipDirectoryIsInBounds(bytes) else { return nil }
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            return nil // not a zip: the model carries no associated files
        }
        guard let entry = archive[name], entry.type == .file else { return nil }
        guard entry.uncompressedSize <= UInt64(Self.maxAssociatedFileSize) else {
            throw ModelFormatError.tooLarge(what: "associated file \(name)", value: Int(clamping: entry.uncompressedSize),
                                            limit: Self.maxAssociatedFileSize)
        }
        var content: [UInt8] = []
        _ = try archive.extract(entry) { chunk in
            guard content.count + chunk.count <= Self.maxAssociatedFileSize else {
                throw ModelFormatError.tooLarge(what: "associated file \(name)", value: content.count + chunk.count,
                                                limit: Self.maxAssociatedFileSize)
            }
            content.append(contentsOf: chunk)
        }
        return content
    }

    /// The labels embedded in the model: the `TENSOR_AXIS_LABELS` file of the first output tensor that has one,
    /// one label per line (line number = class index).
    ///
    /// - Returns: The labels, or nil when the model has no metadata, no label file, or the file is unreadable.
    public func embeddedLabels() -> [String]? {
        guard let subgraph = metadata?.subgraphs.first else { return nil }
        let files = subgraph.outputTensors.flatMap(\.associatedFiles) + subgraph.associatedFiles
        guard let file = files.first(where: { $0.type == .tensorAxisLabels }),
              let data = try? associatedFile(named: file.name) else { return nil }
        var text = String(decoding: data, as: UTF8.self)
        if let last = text.last, last.isNewline { text.removeLast() }
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }
}
