/// The TFLite model metadata (`TFLITE_METADATA` entry; its own FlatBuffer with identifier `M001`,
/// schema `metadata_schema.fbs`): what the model is, how to feed it, and which packed files belong to it.
public struct ModelMetadata: Sendable, Codable, Equatable {
    /// The name of the model metadata entry that holds this FlatBuffer.
    public static let entryName = "TFLITE_METADATA"
    /// The FlatBuffers file identifier of the metadata buffer.
    public static let fileIdentifier = "M001"

    public var name: String?
    public var description: String?
    public var version: String?
    public var author: String?
    public var license: String?
    /// The minimum metadata parser version that understands every populated field.
    public var minParserVersion: String?
    /// Per-subgraph metadata; index 0 describes the main subgraph.
    public var subgraphs: [SubgraphMetadata]
    /// Files that belong to the whole model.
    public var associatedFiles: [AssociatedFile]

    /// The kind of an associated file (`tflite::AssociatedFileType`); encodes as its schema name.
    public struct AssociatedFileType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: Int8
        public init(rawValue: Int8) { self.rawValue = rawValue }
        public static let unknown = AssociatedFileType(rawValue: 0)
        public static let descriptions = AssociatedFileType(rawValue: 1)
        /// Labels of one axis of the tensor (image-classification labels, one per line).
        public static let tensorAxisLabels = AssociatedFileType(rawValue: 2)
        public static let tensorValueLabels = AssociatedFileType(rawValue: 3)
        public static let tensorAxisScoreCalibration = AssociatedFileType(rawValue: 4)
        public static let vocabulary = AssociatedFileType(rawValue: 5)
        public static let scannIndexFile = AssociatedFileType(rawValue: 6)

        private static let names = ["UNKNOWN", "DESCRIPTIONS", "TENSOR_AXIS_LABELS", "TENSOR_VALUE_LABELS",
                                    "TENSOR_AXIS_SCORE_CALIBRATION", "VOCABULARY", "SCANN_INDEX_FILE"]
        public var description: String {
            rawValue >= 0 && Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "TYPE(\(rawValue))"
        }
        public init(from decoder: Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            if let i = Self.names.firstIndex(of: text) {
                self.init(rawValue: Int8(i))
            } else if text.hasPrefix("TYPE("), let v = Int8(text.dropFirst(5).dropLast()) {
                self.init(rawValue: v)
            } else {
                self.init(rawValue: 0)
            }
        }
        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    /// A file packed into the model's zip archive, described by the metadata.
    public struct AssociatedFile: Sendable, Codable, Equatable {
        public var name: String
        public var description: String?
        public var type: AssociatedFileType
        public var locale: String?
        public var version: String?
    }

    /// Metadata of one subgraph.
    public struct SubgraphMetadata: Sendable, Codable, Equatable {
        public var name: String?
        public var description: String?
        public var inputTensors: [TensorMetadata]
        public var outputTensors: [TensorMetadata]
        public var associatedFiles: [AssociatedFile]
    }

    /// Metadata of one input or output tensor.
    public struct TensorMetadata: Sendable, Codable, Equatable {
        public var name: String?
        public var description: String?
        public var dimensionNames: [String]
        public var content: Content?
        public var processUnits: [ProcessUnit]
        public var stats: Stats?
        public var associatedFiles: [AssociatedFile]
    }

    /// What a tensor holds, and which of its dimensions that covers.
    public struct Content: Sendable, Codable, Equatable {
        public var properties: ContentProperties
        /// The dimension range `[min, max]` the content covers, when given.
        public var rangeMin: Int?
        public var rangeMax: Int?
    }

    /// The `ContentProperties` union.
    public enum ContentProperties: Sendable, Codable, Equatable {
        case none
        case feature
        /// Colour space name (`RGB`, `GRAYSCALE`, `UNKNOWN`) and default size for dynamic shapes.
        case image(colorSpace: String, defaultWidth: Int?, defaultHeight: Int?)
        case boundingBox(index: [Int], type: Int, coordinateType: Int)
        case audio(sampleRate: Int, channels: Int)
        /// A union member this version does not know.
        case other(type: Int)
    }

    /// The `ProcessUnitOptions` union: processing to apply outside the graph.
    public enum ProcessUnit: Sendable, Codable, Equatable {
        /// `(x - mean) / std` per channel (a single value applies to all channels).
        case normalization(mean: [Float], std: [Float])
        case scoreCalibration(transformation: Int, defaultScore: Float)
        case scoreThresholding(globalThreshold: Float)
        /// Tokenizers and union members this version does not decode.
        case other(type: Int)
    }

    /// Per-channel value statistics of a tensor.
    public struct Stats: Sendable, Codable, Equatable {
        public var max: [Float]
        public var min: [Float]
    }
}

extension ModelMetadata {
    /// Parses a metadata FlatBuffer.
    /// - Parameters:
    ///   - bytes: The content of the `TFLITE_METADATA` buffer.
    ///   - limits: Bounds on the work a hostile buffer can cause.
    /// - Throws: `ModelFormatError` (`badIdentifier` when the identifier is not `M001`).
    public init(bytes: [UInt8], limits: ReaderLimits = .default) throws {
        let reader = try ByteReader(bytes: bytes, limits: limits)
        let root = try reader.rootTable(identifier: Self.fileIdentifier, name: "ModelMetadata")
        name = try root.string(0, "name")
        description = try root.string(1, "description")
        version = try root.string(2, "version")
        subgraphs = try root.tables(3, "subgraph_metadata").map(Self.subgraph)
        author = try root.string(4, "author")
        license = try root.string(5, "license")
        associatedFiles = try Self.files(root, 6)
        minParserVersion = try root.string(7, "min_parser_version")
    }

    private static func files(_ table: FlatTable, _ id: Int) throws -> [AssociatedFile] {
        try table.tables(id, "associated_files").map { f in
            AssociatedFile(name: try f.string(0, "name") ?? "", description: try f.string(1, "description"),
                           type: AssociatedFileType(rawValue: try f.scalar(2, default: Int8(0))),
                           locale: try f.string(3, "locale"), version: try f.string(4, "version"))
        }
    }

    private static func subgraph(_ t: FlatTable) throws -> SubgraphMetadata {
        SubgraphMetadata(name: try t.string(0, "name"), description: try t.string(1, "description"),
                         inputTensors: try t.tables(2, "input_tensor_metadata").map(tensor),
                         outputTensors: try t.tables(3, "output_tensor_metadata").map(tensor),
                         associatedFiles: try files(t, 4))
    }

    private static func tensor(_ t: FlatTable) throws -> TensorMetadata {
        var content: Content?
        if let c = try t.table(3, "content") {
            let type = try c.scalar(0, default: UInt8(0))
            let value = try c.table(1, "content_properties")
            let properties: ContentProperties
            switch (type, value) {
            case (0, _): properties = .none
            case (1, _): properties = .feature
            case (2, let v?):
                let space = try v.scalar(0, default: Int8(0))
                let size = try v.table(1, "default_size")
                properties = .image(colorSpace: ["UNKNOWN", "RGB", "GRAYSCALE"][safe: Int(space)] ?? "COLOR_SPACE(\(space))",
                                    defaultWidth: try size.map { Int(try $0.scalar(0, default: UInt32(0))) },
                                    defaultHeight: try size.map { Int(try $0.scalar(1, default: UInt32(0))) })
            case (3, let v?):
                properties = .boundingBox(index: try v.ints(0, "index", as: UInt32.self) ?? [],
                                          type: Int(try v.scalar(1, default: Int8(0))),
                                          coordinateType: Int(try v.scalar(2, default: Int8(0))))
            case (4, let v?):
                properties = .audio(sampleRate: Int(try v.scalar(0, default: UInt32(0))),
                                    channels: Int(try v.scalar(1, default: UInt32(0))))
            default: properties = .other(type: Int(type))
            }
            let range = try c.table(2, "range")
            content = Content(properties: properties,
                              rangeMin: try range.map { Int(try $0.scalar(0, default: Int32(0))) },
                              rangeMax: try range.map { Int(try $0.scalar(1, default: Int32(0))) })
        }
        let units: [ProcessUnit] = try t.tables(4, "process_units").map { unit in
            let type = try unit.scalar(0, default: UInt8(0))
            guard let options = try unit.table(1, "options") else { return .other(type: Int(type)) }
            switch type {
            case 1:
                return .normalization(mean: try options.floats(0, "mean") ?? [], std: try options.floats(1, "std") ?? [])
            case 2:
                return .scoreCalibration(transformation: Int(try options.scalar(0, default: Int8(0))),
                                         defaultScore: try options.float(1, default: 0))
            case 3:
                return .scoreThresholding(globalThreshold: try options.float(0, default: 0))
            default:
                return .other(type: Int(type))
            }
        }
        let stats = try t.table(5, "stats").map { s in
            Stats(max: try s.floats(0, "max") ?? [], min: try s.floats(1, "min") ?? [])
        }
        return TensorMetadata(name: try t.string(0, "name"), description: try t.string(1, "description"),
                              dimensionNames: try t.strings(2, "dimension_names"), content: content,
                              processUnits: units, stats: stats, associatedFiles: try files(t, 6))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { index >= 0 && index < count ? self[index] : nil }
}
