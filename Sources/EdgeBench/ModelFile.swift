import FileAccess
import Foundation
import ModelFormat
import Results

/// A .tflite file read once and checked by edgebench's own reader before the runtime sees it.
///
/// LiteRT may crash on a malformed FlatBuffer, so it only ever receives bytes that `TFLiteModel`
/// accepted; the same bytes are then handed to the runtime (no second read of the file).
public struct ModelFile: Sendable {
    public let path: String
    public let format: TFLiteModel

    /// The file's bytes, exactly as validated.
    public var bytes: [UInt8] { format.bytes }

    /// The file name, for messages and reports.
    public var name: String { (path as NSString).lastPathComponent }

    /// Reads and validates a model file.
    /// - Throws: `FileAccessError` (missing, not a regular file, larger than `FileLimits.maxModelBytes`, …) or
    ///   `ModelFileError` wrapping the `ModelFormatError` that describes the defect.
    public init(path: String) throws {
        self.path = path
        do {
            format = try TFLiteModel(bytes: try FileReading.readBytes(path: path, as: .model, checkHeader: TFLiteModel.checkIdentifier))
        } catch let error as ModelFormatError {
            throw ModelFileError(path: path, underlying: error)
        }
    }

    /// Validates a model held in memory (bytes received over the network, bundled in an app).
    /// - Parameters:
    ///   - bytes: The complete .tflite file.
    ///   - name: A name for messages and reports (it stands in for the path).
    /// - Throws: `FileAccessError.tooLarge` over `FileLimits.maxModelBytes`, `ModelFileError` wrapping the defect.
    public init(bytes: [UInt8], name: String) throws {
        self.path = name
        guard bytes.count <= FileLimits.maxModelBytes else {
            throw FileAccessError.tooLarge(path: name, role: .model, size: bytes.count, limit: FileLimits.maxModelBytes)
        }
        do {
            try TFLiteModel.checkIdentifier(Array(bytes.prefix(8)))
            format = try TFLiteModel(bytes: bytes)
        } catch let error as ModelFormatError {
            throw ModelFileError(path: name, underlying: error)
        }
    }

    /// The number of Edge TPU subgraphs (`edgetpu-custom-op` operators) in the model.
    public var edgeTPUSubgraphCount: Int {
        format.subgraphs.reduce(0) { total, subgraph in
            total + subgraph.operators.filter(format.isEdgeTPUOperator).count
        }
    }

    /// Labels embedded in the model's metadata, if any.
    public var embeddedLabels: Labels? { format.embeddedLabels().map { Labels($0) } }

    /// Input normalisation from the model's metadata, if it gives a single mean/std for all channels.
    public var embeddedNormalization: InputNormalization? {
        guard let normalization = format.inputNormalization,
              let mean = normalization.mean.first, let std = normalization.std.first, std != 0,
              mean.isFinite, std.isFinite else { return nil }  // a file's NaN would poison every score
        return InputNormalization(mean: mean, std: std)
    }
}

/// A model file that edgebench's reader rejected.
public struct ModelFileError: Error, LocalizedError, ExitStatusProviding {
    public let path: String
    public let underlying: ModelFormatError
    public var errorDescription: String? {
        "\(path) is not a valid TensorFlow Lite model: \(underlying.localizedDescription) Re-download or re-export the model."
    }
    public var exitStatus: ExitStatus { .badInput }
}
