import Foundation

/// A parsed and validated TensorFlow Lite (LiteRT) model file.
///
/// Parsing checks every offset, index, shape and constant buffer size, so a model this type accepts is
/// structurally safe to hand to the LiteRT runtime. The value keeps the file bytes (copy-on-write) so that
/// buffer data and custom options can be sliced out later without copying.
/// Immutable and `Sendable`: safe to share across threads.
public struct TFLiteModel: Sendable {
    /// The whole file.
    public let bytes: [UInt8]
    /// The schema version (always 3 for an accepted model).
    public let version: Int
    /// The converter's description string, e.g. `"TOCO Converted."`.
    public let description: String?
    /// The operator codes that operators index.
    public let operatorCodes: [OperatorCode]
    /// The subgraphs; index 0 is the main one.
    public let subgraphs: [Subgraph]
    /// The data buffers that constant tensors and metadata entries index.
    public let buffers: [Buffer]
    /// The signature definitions (named entry points), possibly empty.
    public let signatureDefs: [SignatureDef]
    /// The model's metadata entries (name → buffer), e.g. `min_runtime_version`, `TFLITE_METADATA`.
    public let metadataEntries: [MetadataEntry]
    /// The parsed `TFLITE_METADATA` entry, when present and well formed.
    public let metadata: ModelMetadata?
    /// Why a present `TFLITE_METADATA` entry could not be read; metadata never stops the model from loading.
    public let metadataError: ModelFormatError?
    /// The limits the model was parsed with.
    public let limits: ReaderLimits

    // MARK: Nested types

    /// An entry of the model's operator-code table.
    public struct OperatorCode: Sendable, Equatable {
        /// The builtin code: `max(builtin_code, deprecated_builtin_code)`, as LiteRT computes it.
        public let builtinCode: BuiltinOperator
        /// The custom operator's name when `builtinCode` is `.custom`.
        public let customCode: String?
        /// The operator version.
        public let version: Int

        /// `"CONV_2D"`, or `"CUSTOM(name)"` for custom operators.
        public var name: String {
            builtinCode == .custom ? "CUSTOM(\(customCode ?? ""))" : builtinCode.name
        }
    }

    /// A tensor of a subgraph.
    public struct Tensor: Sendable, Equatable {
        /// The tensor's index in its subgraph.
        public let index: Int
        public let name: String
        public let type: SchemaTensorType
        /// Dimensions, all non-negative; `[]` for a scalar.
        public let shape: [Int]
        /// Dimensions with `-1` for unknown sizes, when the converter recorded them.
        public let shapeSignature: [Int]?
        /// Index into `TFLiteModel.buffers`; 0 (no data) may name no buffer when the model has none.
        public let buffer: Int
        public let quantization: SchemaQuantization?
        public let isVariable: Bool
        /// Whether the tensor carries sparsity parameters (its buffer is compressed).
        public let isSparse: Bool
        /// Whether the tensor's buffer holds data (a weight or other constant).
        public let isConstant: Bool
        /// The product of `shape` (1 for a scalar), checked against `ReaderLimits.maxElementCount`.
        public let elementCount: Int

        /// Bytes of a dense tensor of this type and shape, or nil for types without a fixed size.
        public var byteCount: Int? {
            if type == .int4 { return (elementCount + 1) / 2 }
            return type.byteSize.map { $0 * elementCount }
        }

        /// Whether a dimension is dynamic (`-1` in the shape signature).
        public var hasDynamicShape: Bool { shapeSignature?.contains(-1) ?? false }
    }

    /// One operator invocation in a subgraph.
    public struct Operator: Sendable, Equatable {
        /// The operator's position in execution order.
        public let index: Int
        /// Index into `TFLiteModel.operatorCodes`.
        public let opcodeIndex: Int
        /// Input tensor indices; `-1` marks an absent optional input.
        public let inputs: [Int]
        /// Output tensor indices; `-1` marks an absent optional output.
        public let outputs: [Int]
        /// Internal tensors (LSTM and friends).
        public let intermediates: [Int]
        /// The type tag of the builtin options table.
        public let builtinOptionsType: BuiltinOptionsType
        /// The decoded options of the operators the cost model needs.
        public let options: OperatorOptions
        /// The byte range of the custom options inside the file, when present.
        public let customOptionsRange: Range<Int>?
        /// Position of the builtin options table in the file (for raw access).
        let builtinOptionsPosition: Int?
    }

    /// A subgraph: tensors, operators in execution order, and its inputs and outputs.
    public struct Subgraph: Sendable, Equatable {
        public let name: String?
        public let tensors: [Tensor]
        public let inputs: [Int]
        public let outputs: [Int]
        public let operators: [Operator]
    }

    /// A data buffer; its bytes lie in the file, either in the FlatBuffer or (>2 GB models) after it.
    public struct Buffer: Sendable, Equatable {
        public let index: Int
        /// The byte range in the file; empty when the buffer has no data.
        public let range: Range<Int>
        /// Whether the range came from the `offset`/`size` fields used by models larger than 2 GB.
        public let isExternal: Bool
        /// Bytes of data.
        public var count: Int { range.count }
    }

    /// A named tensor of a signature.
    public struct TensorMap: Sendable, Equatable {
        public let name: String
        public let tensorIndex: Int
    }

    /// A signature definition (a named entry point into a subgraph).
    public struct SignatureDef: Sendable, Equatable {
        public let key: String?
        public let subgraphIndex: Int
        public let inputs: [TensorMap]
        public let outputs: [TensorMap]
    }

    /// A model metadata entry: a name and the buffer that holds its value.
    public struct MetadataEntry: Sendable, Equatable {
        public let name: String
        public let buffer: Int
    }
}

/// Padding of convolutions and pools (`tflite::Padding`).
public struct Padding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int8
    public init(rawValue: Int8) { self.rawValue = rawValue }
    /// `SAME`
    public static let same = Padding(rawValue: 0)
    /// `VALID`
    public static let valid = Padding(rawValue: 1)
    public var description: String {
        switch self {
        case .same: return "SAME"
        case .valid: return "VALID"
        default: return "PADDING(\(rawValue))"
        }
    }
}

/// A fused activation (`tflite::ActivationFunctionType`).
public struct ActivationFunction: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int8
    public init(rawValue: Int8) { self.rawValue = rawValue }
    public static let none = ActivationFunction(rawValue: 0)
    public static let relu = ActivationFunction(rawValue: 1)
    public static let reluN1To1 = ActivationFunction(rawValue: 2)
    public static let relu6 = ActivationFunction(rawValue: 3)
    public static let tanh = ActivationFunction(rawValue: 4)
    public static let signBit = ActivationFunction(rawValue: 5)
    public var description: String {
        let names = ["NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"]
        return rawValue >= 0 && Int(rawValue) < names.count ? names[Int(rawValue)] : "ACTIVATION(\(rawValue))"
    }
}

/// `Conv2DOptions`.
public struct Conv2DOptions: Sendable, Equatable {
    public var padding: Padding
    public var strideW: Int
    public var strideH: Int
    public var activation: ActivationFunction
    public var dilationW: Int
    public var dilationH: Int
}

/// `DepthwiseConv2DOptions`.
public struct DepthwiseConv2DOptions: Sendable, Equatable {
    public var padding: Padding
    public var strideW: Int
    public var strideH: Int
    public var depthMultiplier: Int
    public var activation: ActivationFunction
    public var dilationW: Int
    public var dilationH: Int
}

/// `Pool2DOptions`.
public struct Pool2DOptions: Sendable, Equatable {
    public var padding: Padding
    public var strideW: Int
    public var strideH: Int
    public var filterW: Int
    public var filterH: Int
    public var activation: ActivationFunction
}

/// `FullyConnectedOptions`.
public struct FullyConnectedOptions: Sendable, Equatable {
    public var activation: ActivationFunction
    public var keepNumDims: Bool
}

/// `TransposeConvOptions`.
public struct TransposeConvOptions: Sendable, Equatable {
    public var padding: Padding
    public var strideW: Int
    public var strideH: Int
    public var activation: ActivationFunction
}

/// The decoded builtin options of an operator; options this module does not decode are `.other`,
/// and remain readable through `TFLiteModel.builtinOptionsField(of:field:default:)`.
public enum OperatorOptions: Sendable, Equatable {
    case none
    case conv2D(Conv2DOptions)
    case depthwiseConv2D(DepthwiseConv2DOptions)
    case pool2D(Pool2DOptions)
    case fullyConnected(FullyConnectedOptions)
    case transposeConv(TransposeConvOptions)
    case other(BuiltinOptionsType)
}

// MARK: - Conveniences

extension TFLiteModel {
    /// The main subgraph (index 0; parsing guarantees it exists).
    public var mainSubgraph: Subgraph { subgraphs[0] }

    /// The main subgraph's input tensors, in order.
    public var inputTensors: [Tensor] { mainSubgraph.inputs.map { mainSubgraph.tensors[$0] } }

    /// The main subgraph's output tensors, in order.
    public var outputTensors: [Tensor] { mainSubgraph.outputs.map { mainSubgraph.tensors[$0] } }

    // Accessors taking values from this model: parsing validated their indices and ranges. They still check,
    // so that a value from another model gives nil or an empty result instead of a trap.

    /// The operator code of `op`, or nil when `op` does not belong to this model.
    public func operatorCode(for op: Operator) -> OperatorCode? { operatorCodes[safe: op.opcodeIndex] }

    /// The operator's name: `"CONV_2D"`, `"DEPTHWISE_CONV_2D"`, `"CUSTOM(edgetpu-custom-op)"` …
    public func opcodeName(for op: Operator) -> String {
        operatorCodes[safe: op.opcodeIndex]?.name ?? "OPCODE(\(op.opcodeIndex))"
    }

    /// The bytes of `buffer` (empty when it holds no data).
    public func data(of buffer: Buffer) -> ArraySlice<UInt8> { slice(buffer.range) ?? [] }

    /// The constant data of `tensor`, or nil when it has none.
    public func constantData(of tensor: Tensor) -> ArraySlice<UInt8>? {
        guard tensor.isConstant, let buffer = buffers[safe: tensor.buffer] else { return nil }
        return slice(buffer.range)
    }

    /// The custom options of `op`, or nil when it has none.
    public func customOptions(of op: Operator) -> ArraySlice<UInt8>? {
        op.customOptionsRange.flatMap(slice)
    }

    private func slice(_ range: Range<Int>) -> ArraySlice<UInt8>? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        return bytes[range]
    }

    /// The buffer of the metadata entry called `name`, when present.
    public func metadataBuffer(named name: String) -> ArraySlice<UInt8>? {
        guard let entry = metadataEntries.first(where: { $0.name == name }),
              let buffer = buffers[safe: entry.buffer] else { return nil }
        return data(of: buffer)
    }

    /// The `min_runtime_version` metadata string written by the converter (e.g. `"1.5.0"`), if present.
    public var minRuntimeVersion: String? {
        guard let raw = metadataBuffer(named: "min_runtime_version") else { return nil }
        let text = raw.prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads a scalar field of an operator's builtin options table by field id (raw access for options this
    /// module does not decode).
    /// - Parameters:
    ///   - op: The operator.
    ///   - field: The field's id (its position in the options table of the schema).
    ///   - value: The schema default, returned when the field or the table is absent.
    /// - Returns: The field's value.
    /// - Throws: `ModelFormatError` if the field does not fit in the table.
    public func builtinOptionsField<T: FixedWidthInteger>(of op: Operator, field: Int, default value: T) throws -> T {
        guard let position = op.builtinOptionsPosition else { return value }
        let reader = try ByteReader(bytes: bytes, limits: limits)
        let table = try reader.table(at: position, depth: 1, name: op.builtinOptionsType.name)
        return try table.scalar(field, default: value)
    }
}
