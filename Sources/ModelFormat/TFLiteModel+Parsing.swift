import FileAccess
import Foundation

// Field ids below follow the order of fields in tensorflow/compiler/mlir/lite/schema/schema.fbs
// (a union occupies two ids: its type tag, then its value).
private enum ModelField { static let version = 0, operatorCodes = 1, subgraphs = 2, description = 3,
                          buffers = 4, metadata = 6, signatureDefs = 7 }
private enum OpcodeField { static let deprecatedBuiltinCode = 0, customCode = 1, version = 2, builtinCode = 3 }
private enum SubgraphField { static let tensors = 0, inputs = 1, outputs = 2, operators = 3, name = 4 }
private enum TensorField { static let shape = 0, type = 1, buffer = 2, name = 3, quantization = 4,
                           isVariable = 5, sparsity = 6, shapeSignature = 7 }
private enum QuantField { static let min = 0, max = 1, scale = 2, zeroPoint = 3, quantizedDimension = 6 }
private enum OperatorField { static let opcodeIndex = 0, inputs = 1, outputs = 2, builtinOptionsType = 3,
                             builtinOptions = 4, customOptions = 5, intermediates = 8,
                             largeCustomOptionsOffset = 9, largeCustomOptionsSize = 10 }
private enum BufferField { static let data = 0, offset = 1, size = 2 }

extension TFLiteModel {
    /// The schema version LiteRT runs.
    public static let supportedSchemaVersion = 3
    /// The FlatBuffers file identifier of TFLite models.
    public static let fileIdentifier = "TFL3"

    /// Parses and validates a model held in memory.
    /// - Parameters:
    ///   - bytes: The whole `.tflite` file.
    ///   - limits: Bounds on the work a hostile file can cause.
    /// - Throws: `ModelFormatError` naming the first problem found; never traps on any input.
    public init(bytes: [UInt8], limits: ReaderLimits = .default) throws {
        let reader = try ByteReader(bytes: bytes, limits: limits)
        let root = try reader.rootTable(identifier: Self.fileIdentifier, name: "Model")

        let version = Int(try root.scalar(ModelField.version, default: UInt32(0)))
        guard version == Self.supportedSchemaVersion else {
            throw ModelFormatError.unsupportedSchemaVersion(found: version, supported: Self.supportedSchemaVersion)
        }
        let description = try root.string(ModelField.description, "description")

        let operatorCodes = try root.tables(ModelField.operatorCodes, "operator_codes").enumerated().map {
            try Self.parseOperatorCode($0.element, index: $0.offset)
        }
        let buffers = try root.tables(ModelField.buffers, "buffers").enumerated().map {
            try Self.parseBuffer($0.element, index: $0.offset, fileSize: bytes.count)
        }
        let subgraphTables = try root.tables(ModelField.subgraphs, "subgraphs")
        guard !subgraphTables.isEmpty else { throw ModelFormatError.notAModel(reason: "the model has no subgraphs") }
        var subgraphs: [Subgraph] = []
        for table in subgraphTables {
            subgraphs.append(try Self.parseSubgraph(table, operatorCodes: operatorCodes, buffers: buffers,
                                                    subgraphCount: subgraphTables.count, limits: limits))
        }

        var metadataEntries: [MetadataEntry] = []
        for table in try root.tables(ModelField.metadata, "metadata") {
            let name = try table.string(0, "name") ?? ""
            let buffer = Int(try table.scalar(1, default: UInt32(0)))
            guard buffer < buffers.count else {
                throw ModelFormatError.invalidIndex(kind: "buffer", index: buffer, count: buffers.count)
            }
            metadataEntries.append(MetadataEntry(name: name, buffer: buffer))
        }

        var signatureDefs: [SignatureDef] = []
        for table in try root.tables(ModelField.signatureDefs, "signature_defs") {
            let subgraphIndex = Int(try table.scalar(4, default: UInt32(0)))
            guard subgraphIndex < subgraphs.count else {
                throw ModelFormatError.invalidIndex(kind: "subgraph", index: subgraphIndex, count: subgraphs.count)
            }
            let tensorCount = subgraphs[subgraphIndex].tensors.count
            func maps(_ id: Int, _ field: String) throws -> [TensorMap] {
                try table.tables(id, field).map { map in
                    let index = Int(try map.scalar(1, default: UInt32(0)))
                    guard index < tensorCount else {
                        throw ModelFormatError.invalidIndex(kind: "tensor", index: index, count: tensorCount)
                    }
                    return TensorMap(name: try map.string(0, "name") ?? "", tensorIndex: index)
                }
            }
            signatureDefs.append(SignatureDef(key: try table.string(2, "signature_key"), subgraphIndex: subgraphIndex,
                                              inputs: try maps(0, "inputs"), outputs: try maps(1, "outputs")))
        }

        // Metadata is advisory: a malformed TFLITE_METADATA entry is reported, not fatal.
        var metadata: ModelMetadata?
        var metadataError: ModelFormatError?
        if let entry = metadataEntries.first(where: { $0.name == ModelMetadata.entryName }) {
            let range = buffers[entry.buffer].range
            do {
                metadata = try ModelMetadata(bytes: Array(bytes[range]), limits: limits)
            } catch let error as ModelFormatError {
                metadataError = error
            }
        }

        self.bytes = bytes
        self.version = version
        self.description = description
        self.operatorCodes = operatorCodes
        self.subgraphs = subgraphs
        self.buffers = buffers
        self.signatureDefs = signatureDefs
        self.metadataEntries = metadataEntries
        self.metadata = metadata
        self.metadataError = metadataError
        self.limits = limits
    }

    /// Reads and parses a model file, checking its size and `TFL3` identifier before reading it whole.
    /// - Parameters:
    ///   - url: A file URL.
    ///   - limits: Bounds on the work a hostile file can cause; the file may be at most
    ///     `min(limits.maxTotalSize, FileLimits.maxModelBytes)` bytes.
    /// - Throws: `fileNotFound`, `isDirectory`, `emptyFile`, `badIdentifier`, `tooLarge`, ``FileAccessError`` for
    ///   a FIFO, device, link loop or I/O error, or any parse error.
    public init(contentsOf url: URL, limits: ReaderLimits = .default) throws {
        let path = url.path
        var role = FileRole.model
        role.maxBytes = min(role.maxBytes, limits.maxTotalSize)
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(path, as: role, checkHeader: Self.checkIdentifier)
        } catch let error as FileAccessError {
            switch error {
            case .notFound: throw ModelFormatError.fileNotFound(path: path)
            case .isDirectory: throw ModelFormatError.isDirectory(path: path)
            case .empty: throw ModelFormatError.emptyFile(path: path)
            case let .tooLarge(_, _, size, limit): throw ModelFormatError.tooLarge(what: "file size", value: size, limit: limit)
            default: throw error
            }
        }
        try self.init(bytes: bytes, limits: limits)
    }

    /// Refuses a file whose bytes 4..<8 are not `TFL3` (every `.tflite` file carries this FlatBuffers
    /// identifier), so that a wrong file is refused from its first 8 bytes; shorter headers are left to the parser.
    /// - Throws: `ModelFormatError.badIdentifier`.
    public static func checkIdentifier(_ header: [UInt8]) throws {
        guard header.count >= 8 else { return }
        let found = header[4..<8]
        guard !found.elementsEqual(fileIdentifier.utf8) else { return }
        let text = String(decoding: found.map { ($0 >= 0x20 && $0 < 0x7F) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
        throw ModelFormatError.badIdentifier(found: text, expected: fileIdentifier)
    }

    // MARK: - Tables

    private static func parseOperatorCode(_ table: FlatTable, index: Int) throws -> OperatorCode {
        let deprecated = Int32(try table.scalar(OpcodeField.deprecatedBuiltinCode, default: Int8(0)))
        let extended = try table.scalar(OpcodeField.builtinCode, default: Int32(0))
        let code = BuiltinOperator(rawValue: max(deprecated, extended))
        guard code.rawValue >= 0 else {
            throw ModelFormatError.notAModel(reason: "operator code \(index) has the negative builtin code \(code.rawValue)")
        }
        let custom = try table.string(OpcodeField.customCode, "custom_code")
        if code == .custom, custom == nil {
            throw ModelFormatError.notAModel(reason: "operator code \(index) is CUSTOM but has no custom_code")
        }
        let version = Int(try table.scalar(OpcodeField.version, default: Int32(1)))
        return OperatorCode(builtinCode: code, customCode: custom, version: version)
    }

    private static func parseBuffer(_ table: FlatTable, index: Int, fileSize: Int) throws -> Buffer {
        if let range = try table.byteRange(BufferField.data, "data"), !range.isEmpty {
            return Buffer(index: index, range: range, isExternal: false)
        }
        let offset = try table.scalar(BufferField.offset, default: UInt64(0))
        let size = try table.scalar(BufferField.size, default: UInt64(0))
        if offset > 1 {
            let range = try externalRange(offset: offset, size: size, fileSize: fileSize, field: "buffers[\(index)]")
            return Buffer(index: index, range: range, isExternal: true)
        }
        return Buffer(index: index, range: 0 ..< 0, isExternal: false)
    }

    /// Checks an `offset`/`size` pair that points into the file (the >2 GB model layout).
    private static func externalRange(offset: UInt64, size: UInt64, fileSize: Int, field: String) throws -> Range<Int> {
        guard let start = Int(exactly: offset), start <= fileSize else {
            throw ModelFormatError.offsetOutOfRange(field: "\(field).offset", offset: Int(clamping: offset), size: fileSize)
        }
        guard let length = Int(exactly: size), length <= fileSize - start else {
            throw ModelFormatError.truncated(offset: start, needed: Int(clamping: size), available: fileSize - start)
        }
        return start ..< start + length
    }

    private static func parseSubgraph(_ table: FlatTable, operatorCodes: [OperatorCode], buffers: [Buffer],
                                      subgraphCount: Int, limits: ReaderLimits) throws -> Subgraph {
        let tensors = try table.tables(SubgraphField.tensors, "tensors").enumerated().map {
            try parseTensor($0.element, index: $0.offset, buffers: buffers, limits: limits)
        }
        func checkTensorIndices(_ indices: [Int], allowAbsent: Bool) throws {
            for index in indices where !(allowAbsent && index == -1) {
                guard index >= 0, index < tensors.count else {
                    throw ModelFormatError.invalidIndex(kind: "tensor", index: index, count: tensors.count)
                }
            }
        }
        let inputs = try table.ints(SubgraphField.inputs, "inputs", as: Int32.self) ?? []
        let outputs = try table.ints(SubgraphField.outputs, "outputs", as: Int32.self) ?? []
        try checkTensorIndices(inputs, allowAbsent: false)
        try checkTensorIndices(outputs, allowAbsent: false)

        var operators: [Operator] = []
        for (index, opTable) in try table.tables(SubgraphField.operators, "operators").enumerated() {
            let op = try parseOperator(opTable, index: index, fileSize: table.reader.count)
            guard op.opcodeIndex < operatorCodes.count else {
                throw ModelFormatError.invalidIndex(kind: "operator code", index: op.opcodeIndex, count: operatorCodes.count)
            }
            try checkTensorIndices(op.inputs, allowAbsent: true)
            try checkTensorIndices(op.outputs, allowAbsent: true)
            try checkTensorIndices(op.intermediates, allowAbsent: false)
            try validateOptions(op, reader: table.reader, subgraphCount: subgraphCount)
            operators.append(op)
        }
        return Subgraph(name: try table.string(SubgraphField.name, "name"), tensors: tensors,
                        inputs: inputs, outputs: outputs, operators: operators)
    }

    private static func parseTensor(_ table: FlatTable, index: Int, buffers: [Buffer], limits: ReaderLimits) throws -> Tensor {
        let shape = try table.ints(TensorField.shape, "shape", as: Int32.self) ?? []
        guard shape.count <= limits.maxRank else {
            throw ModelFormatError.tooLarge(what: "rank of tensor \(index)", value: shape.count, limit: limits.maxRank)
        }
        var elements = 1
        for dim in shape {
            guard dim >= 0 else { throw ModelFormatError.invalidShape(tensor: index, shape: shape) }
            let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= limits.maxElementCount else {
                throw ModelFormatError.tooLarge(what: "element count of tensor \(index)",
                                                value: overflow ? Int.max : product, limit: limits.maxElementCount)
            }
            elements = product
        }
        let signature = try table.ints(TensorField.shapeSignature, "shape_signature", as: Int32.self)
        if let signature {
            guard signature.count <= limits.maxRank, signature.allSatisfy({ $0 >= -1 }) else {
                throw ModelFormatError.invalidShape(tensor: index, shape: signature)
            }
        }
        let type = SchemaTensorType(rawValue: try table.scalar(TensorField.type, default: Int8(0)))
        let bufferIndex = Int(try table.scalar(TensorField.buffer, default: UInt32(0)))
        // Buffer 0 means "no data" even when the model has no buffers at all (LiteRT accepts that).
        guard bufferIndex == 0 || bufferIndex < buffers.count else {
            throw ModelFormatError.invalidIndex(kind: "buffer", index: bufferIndex, count: buffers.count)
        }
        let isSparse = try table.has(TensorField.sparsity)
        let bufferBytes = buffers[safe: bufferIndex]?.count ?? 0
        if bufferBytes > 0, !isSparse, let size = type.byteSize {
            let expected = try Checked.multiply(size, elements, "byte size of tensor \(index)")
            guard bufferBytes == expected else {
                throw ModelFormatError.bufferSizeMismatch(tensor: index, expected: expected, actual: bufferBytes)
            }
        } else if bufferBytes > 0, !isSparse, type == .int4 {
            let packed = (elements + 1) / 2
            guard bufferBytes == packed || bufferBytes == elements else {
                throw ModelFormatError.bufferSizeMismatch(tensor: index, expected: packed, actual: bufferBytes)
            }
        }
        var quantization: SchemaQuantization?
        if let q = try table.table(TensorField.quantization, "quantization") {
            let scales = try q.floats(QuantField.scale, "scale") ?? []
            let zeroPoints = try q.int64s(QuantField.zeroPoint, "zero_point") ?? []
            let dimension = Int(try q.scalar(QuantField.quantizedDimension, default: Int32(0)))
            let minimum = try q.floats(QuantField.min, "min") ?? []
            let maximum = try q.floats(QuantField.max, "max") ?? []
            if !scales.isEmpty, !zeroPoints.isEmpty {
                guard scales.count == zeroPoints.count else {
                    throw ModelFormatError.invalidQuantization(
                        tensor: index, reason: "\(scales.count) scales but \(zeroPoints.count) zero points")
                }
                if scales.count > 1 {
                    guard dimension >= 0, dimension < shape.count else {
                        throw ModelFormatError.invalidQuantization(
                            tensor: index, reason: "quantized dimension \(dimension) outside rank \(shape.count)")
                    }
                }
            }
            if !(scales.isEmpty && zeroPoints.isEmpty && minimum.isEmpty && maximum.isEmpty) {
                quantization = SchemaQuantization(scales: scales, zeroPoints: zeroPoints, quantizedDimension: dimension,
                                            min: minimum, max: maximum)
            }
        }
        return Tensor(index: index, name: try table.string(TensorField.name, "name") ?? "", type: type, shape: shape,
                      shapeSignature: signature, buffer: bufferIndex, quantization: quantization,
                      isVariable: try table.bool(TensorField.isVariable, default: false), isSparse: isSparse,
                      isConstant: bufferBytes > 0, elementCount: elements)
    }

    private static func parseOperator(_ table: FlatTable, index: Int, fileSize: Int) throws -> Operator {
        let opcodeIndex = Int(try table.scalar(OperatorField.opcodeIndex, default: UInt32(0)))
        let inputs = try table.ints(OperatorField.inputs, "inputs", as: Int32.self) ?? []
        let outputs = try table.ints(OperatorField.outputs, "outputs", as: Int32.self) ?? []
        let intermediates = try table.ints(OperatorField.intermediates, "intermediates", as: Int32.self) ?? []
        let optionsType = BuiltinOptionsType(rawValue: try table.scalar(OperatorField.builtinOptionsType, default: UInt8(0)))
        let optionsTable = optionsType == .none ? nil : try table.table(OperatorField.builtinOptions, optionsType.name)
        let options = try decodeOptions(optionsType, optionsTable)

        var customRange = try table.byteRange(OperatorField.customOptions, "custom_options")
        let largeOffset = try table.scalar(OperatorField.largeCustomOptionsOffset, default: UInt64(0))
        if customRange == nil, largeOffset > 1 {
            let size = try table.scalar(OperatorField.largeCustomOptionsSize, default: UInt64(0))
            customRange = try externalRange(offset: largeOffset, size: size, fileSize: fileSize,
                                            field: "operators[\(index)].large_custom_options")
        }
        return Operator(index: index, opcodeIndex: opcodeIndex, inputs: inputs, outputs: outputs,
                        intermediates: intermediates, builtinOptionsType: optionsType, options: options,
                        customOptionsRange: customRange, builtinOptionsPosition: optionsTable?.position)
    }

    private static func decodeOptions(_ type: BuiltinOptionsType, _ t: FlatTable?) throws -> OperatorOptions {
        guard let t else { return type == .none ? .none : .other(type) }
        func padding(_ id: Int) throws -> Padding { Padding(rawValue: try t.scalar(id, default: Int8(0))) }
        func activation(_ id: Int) throws -> ActivationFunction { ActivationFunction(rawValue: try t.scalar(id, default: Int8(0))) }
        func int(_ id: Int, _ value: Int32) throws -> Int { Int(try t.scalar(id, default: value)) }
        switch type {
        case .conv2DOptions:
            return .conv2D(Conv2DOptions(padding: try padding(0), strideW: try int(1, 0), strideH: try int(2, 0),
                                         activation: try activation(3), dilationW: try int(4, 1), dilationH: try int(5, 1)))
        case .depthwiseConv2DOptions:
            return .depthwiseConv2D(DepthwiseConv2DOptions(
                padding: try padding(0), strideW: try int(1, 0), strideH: try int(2, 0), depthMultiplier: try int(3, 0),
                activation: try activation(4), dilationW: try int(5, 1), dilationH: try int(6, 1)))
        case .pool2DOptions:
            return .pool2D(Pool2DOptions(padding: try padding(0), strideW: try int(1, 0), strideH: try int(2, 0),
                                         filterW: try int(3, 0), filterH: try int(4, 0), activation: try activation(5)))
        case .fullyConnectedOptions:
            return .fullyConnected(FullyConnectedOptions(activation: try activation(0), keepNumDims: try t.bool(2, default: false)))
        case .transposeConvOptions:
            return .transposeConv(TransposeConvOptions(padding: try padding(0), strideW: try int(1, 0), strideH: try int(2, 0),
                                                       activation: try activation(3)))
        default:
            return .other(type)
        }
    }

    /// Rejects option values that make LiteRT kernels divide by zero or index a missing subgraph.
    private static func validateOptions(_ op: Operator, reader: ByteReader, subgraphCount: Int) throws {
        func positive(_ values: [(String, Int)]) throws {
            for (name, value) in values where value < 1 {
                throw ModelFormatError.invalidOperatorOptions(operator: op.index, reason: "\(name) is \(value)")
            }
        }
        switch op.options {
        case .conv2D(let o):
            try positive([("stride_w", o.strideW), ("stride_h", o.strideH), ("dilation_w", o.dilationW), ("dilation_h", o.dilationH)])
        case .depthwiseConv2D(let o):
            try positive([("stride_w", o.strideW), ("stride_h", o.strideH), ("dilation_w", o.dilationW), ("dilation_h", o.dilationH)])
        case .pool2D(let o):
            try positive([("stride_w", o.strideW), ("stride_h", o.strideH), ("filter_width", o.filterW), ("filter_height", o.filterH)])
        case .transposeConv(let o):
            try positive([("stride_w", o.strideW), ("stride_h", o.strideH)])
        default:
            break
        }
        // Control-flow operators name subgraphs: IfOptions (92), WhileOptions (93), CallOnceOptions (103), CallOptions (16).
        let subgraphFields: [UInt8: [Int]] = [92: [0, 1], 93: [0, 1], 103: [0], 16: [0]]
        if let fields = subgraphFields[op.builtinOptionsType.rawValue], let position = op.builtinOptionsPosition {
            let table = try reader.table(at: position, depth: 4, name: op.builtinOptionsType.name)
            for field in fields {
                let value = Int(try table.scalar(field, default: Int32(0)))
                guard value >= 0, value < subgraphCount else {
                    throw ModelFormatError.invalidIndex(kind: "subgraph", index: value, count: subgraphCount)
                }
            }
        }
    }
}
