/// Writes TensorFlow Lite (LiteRT) model files: schema version 3, file identifier `TFL3`.
///
/// Describe the model with the value types below, then call `serialize(_:)`. The writer derives the
/// operator-code table from the operators (one entry per distinct code, custom name and version, in order of
/// first use), writing `deprecated_builtin_code = min(code, 127)` and `builtin_code = code` as the schema
/// asks, so that old and new readers agree. Buffer 0 must be empty; constant data is 16-byte aligned.
public enum TFLiteWriter {
    /// A tensor of a subgraph.
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var type: SchemaTensorType
        public var shape: [Int]
        /// Dimensions with `-1` for unknown sizes, or nil to write none.
        public var shapeSignature: [Int]?
        /// Index into `Model.buffers`; 0 for tensors without data.
        public var buffer: Int
        public var quantization: SchemaQuantization?
        public var isVariable: Bool

        public init(name: String, type: SchemaTensorType, shape: [Int], buffer: Int = 0,
                    quantization: SchemaQuantization? = nil, shapeSignature: [Int]? = nil, isVariable: Bool = false) {
            self.name = name
            self.type = type
            self.shape = shape
            self.buffer = buffer
            self.quantization = quantization
            self.shapeSignature = shapeSignature
            self.isVariable = isVariable
        }

        /// The product of `shape`.
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// One operator invocation.
    public struct Operator: Sendable, Equatable {
        public var opcode: BuiltinOperator
        /// The custom operator's name when `opcode` is `.custom`.
        public var customCode: String?
        /// The operator version (see the converter's op versioning; LiteRT accepts any version its kernel
        /// registers, which for builtin kernels is every version up to the newest).
        public var version: Int
        /// Input tensor indices; `-1` for an absent optional input.
        public var inputs: [Int]
        public var outputs: [Int]
        public var options: BuiltinOptions
        public var customOptions: [UInt8]?

        public init(_ opcode: BuiltinOperator, version: Int = 1, inputs: [Int], outputs: [Int],
                    options: BuiltinOptions = .none, customCode: String? = nil, customOptions: [UInt8]? = nil) {
            self.opcode = opcode
            self.version = version
            self.inputs = inputs
            self.outputs = outputs
            self.options = options
            self.customCode = customCode
            self.customOptions = customOptions
        }
    }

    /// A subgraph: its tensors, operators in execution order, inputs and outputs.
    public struct Subgraph: Sendable, Equatable {
        public var name: String?
        public var tensors: [Tensor]
        public var inputs: [Int]
        public var outputs: [Int]
        public var operators: [Operator]

        public init(name: String? = nil, tensors: [Tensor] = [], inputs: [Int] = [], outputs: [Int] = [],
                    operators: [Operator] = []) {
            self.name = name
            self.tensors = tensors
            self.inputs = inputs
            self.outputs = outputs
            self.operators = operators
        }
    }

    /// A named tensor of a signature.
    public struct TensorMap: Sendable, Equatable {
        public var name: String
        public var tensorIndex: Int
        public init(name: String, tensorIndex: Int) {
            self.name = name
            self.tensorIndex = tensorIndex
        }
    }

    /// A signature definition (a named entry point); LiteRT's `CompiledModel` runs signatures.
    public struct Signature: Sendable, Equatable {
        public var key: String
        public var subgraphIndex: Int
        public var inputs: [TensorMap]
        public var outputs: [TensorMap]
        public init(key: String, subgraphIndex: Int = 0, inputs: [TensorMap], outputs: [TensorMap]) {
            self.key = key
            self.subgraphIndex = subgraphIndex
            self.inputs = inputs
            self.outputs = outputs
        }
    }

    /// A model metadata entry (name → buffer).
    public struct MetadataEntry: Sendable, Equatable {
        public var name: String
        public var buffer: Int
        public init(name: String, buffer: Int) {
            self.name = name
            self.buffer = buffer
        }
    }

    /// An operator-code table entry.
    public struct OperatorCodeEntry: Sendable, Hashable {
        public var opcode: BuiltinOperator
        public var customCode: String?
        public var version: Int
        public init(_ opcode: BuiltinOperator, customCode: String? = nil, version: Int = 1) {
            self.opcode = opcode
            self.customCode = opcode == .custom ? customCode : nil
            self.version = version
        }
    }

    /// A whole model.
    public struct Model: Sendable, Equatable {
        public var description: String?
        /// The order of the operator-code table: entries the operators use come first in this order, then the
        /// others in order of first use; entries no operator uses are dropped.
        public var preferredOperatorCodes: [OperatorCodeEntry] = []
        public var subgraphs: [Subgraph]
        /// Data buffers; buffer 0 must be empty.
        public var buffers: [[UInt8]]
        public var signatures: [Signature]
        public var metadata: [MetadataEntry]

        public init(description: String? = nil, subgraphs: [Subgraph] = [], buffers: [[UInt8]] = [[]],
                    signatures: [Signature] = [], metadata: [MetadataEntry] = []) {
            self.description = description
            self.subgraphs = subgraphs
            self.buffers = buffers
            self.signatures = signatures
            self.metadata = metadata
        }

        /// Appends a buffer and returns its index.
        public mutating func addBuffer(_ bytes: [UInt8]) -> Int {
            buffers.append(bytes)
            return buffers.count - 1
        }
    }

    /// The schema version written.
    public static let schemaVersion = 3


    /// Serializes `model` into a `.tflite` file.
    /// - Parameter model: The model; indices are checked before anything is written.
    /// - Returns: The file's bytes.
    /// - Throws: `ModelWriterError` naming the first invalid index, a constant whose data size does not match
    ///   its type and shape, a non-empty buffer 0, or a model beyond 2 GiB.
    public static func serialize(_ model: Model) throws -> [UInt8] {
        try validate(model)
        var used: [OperatorCodeEntry] = []
        var usedSet = Set<OperatorCodeEntry>()
        for subgraph in model.subgraphs {
            for op in subgraph.operators {
                let key = OperatorCodeEntry(op.opcode, customCode: op.customCode, version: op.version)
                if usedSet.insert(key).inserted { used.append(key) }
            }
        }
        var opcodes: [OperatorCodeEntry] = []
        var opcodeIndex: [OperatorCodeEntry: Int] = [:]
        for key in model.preferredOperatorCodes + used where usedSet.contains(key) && opcodeIndex[key] == nil {
            opcodeIndex[key] = opcodes.count
            opcodes.append(key)
        }
        let dataBytes = model.buffers.reduce(0) { $0 + $1.count + 16 }
        var b = FlatBufferBuilder(initialCapacity: dataBytes + 64 * 1024)

        // Buffers first, at the end of the file, so that the tables stay close to the start.
        var bufferOffsets: [FlatBufferBuilder.Offset] = []
        for data in model.buffers.reversed() {
            let vector: FlatBufferBuilder.Offset? = data.isEmpty ? nil : b.createByteVector(data, alignment: 16)
            b.startTable()
            if let vector { b.add(0, offset: vector) }
            bufferOffsets.append(b.endTable())
        }
        bufferOffsets.reverse()

        let subgraphOffsets = model.subgraphs.map { writeSubgraph($0, opcodeIndex: opcodeIndex, into: &b) }

        let codeOffsets: [FlatBufferBuilder.Offset] = opcodes.map { key in
            let custom = key.customCode.map { b.createString($0) }
            b.startTable()
            b.add(0, Int8(clamping: min(key.opcode.rawValue, 127)), default: nil)
            if let custom { b.add(1, offset: custom) }
            b.add(2, Int32(clamping: key.version), default: nil)
            b.add(3, key.opcode.rawValue, default: nil)
            return b.endTable()
        }

        let signatureOffsets: [FlatBufferBuilder.Offset] = model.signatures.map { signature in
            func maps(_ list: [TensorMap]) -> FlatBufferBuilder.Offset {
                let tables = list.map { map -> FlatBufferBuilder.Offset in
                    let name = b.createString(map.name)
                    b.startTable()
                    b.add(0, offset: name)
                    b.add(1, UInt32(map.tensorIndex), default: nil)
                    return b.endTable()
                }
                return b.createVector(offsets: tables)
            }
            let inputs = maps(signature.inputs)
            let outputs = maps(signature.outputs)
            let key = b.createString(signature.key)
            b.startTable()
            b.add(0, offset: inputs)
            b.add(1, offset: outputs)
            b.add(2, offset: key)
            b.add(4, UInt32(signature.subgraphIndex), default: nil)
            return b.endTable()
        }

        let metadataOffsets: [FlatBufferBuilder.Offset] = model.metadata.map { entry in
            let name = b.createString(entry.name)
            b.startTable()
            b.add(0, offset: name)
            b.add(1, UInt32(entry.buffer), default: nil)
            return b.endTable()
        }

        let codesVector = b.createVector(offsets: codeOffsets)
        let subgraphsVector = b.createVector(offsets: subgraphOffsets)
        let description = model.description.map { b.createString($0) }
        let buffersVector = b.createVector(offsets: bufferOffsets)
        let metadataVector = metadataOffsets.isEmpty ? nil : b.createVector(offsets: metadataOffsets)
        let signaturesVector = signatureOffsets.isEmpty ? nil : b.createVector(offsets: signatureOffsets)

        b.startTable()
        b.add(0, UInt32(schemaVersion), default: nil)
        b.add(1, offset: codesVector)
        b.add(2, offset: subgraphsVector)
        if let description { b.add(3, offset: description) }
        b.add(4, offset: buffersVector)
        if let metadataVector { b.add(6, offset: metadataVector) }
        if let signaturesVector { b.add(7, offset: signaturesVector) }
        let root = b.endTable()
        return b.finish(root: root, fileIdentifier: TFLiteModel.fileIdentifier)
    }

    private static func writeSubgraph(_ subgraph: Subgraph, opcodeIndex: [OperatorCodeEntry: Int],
                                      into b: inout FlatBufferBuilder) -> FlatBufferBuilder.Offset {
        let tensorOffsets = subgraph.tensors.map { writeTensor($0, into: &b) }
        let operatorOffsets: [FlatBufferBuilder.Offset] = subgraph.operators.map { op in
            let key = OperatorCodeEntry(op.opcode, customCode: op.customCode, version: op.version)
            let options = writeOptions(op.options, into: &b)
            let custom = op.customOptions.map { b.createByteVector($0) }
            let inputs = b.createVector(op.inputs.map { Int32($0) })
            let outputs = b.createVector(op.outputs.map { Int32($0) })
            b.startTable()
            b.add(0, UInt32(opcodeIndex[key] ?? 0), default: 0)
            b.add(1, offset: inputs)
            b.add(2, offset: outputs)
            if let options {
                b.add(3, op.options.type.rawValue, default: nil)
                b.add(4, offset: options)
            }
            if let custom { b.add(5, offset: custom) }
            return b.endTable()
        }
        let tensors = b.createVector(offsets: tensorOffsets)
        let inputs = b.createVector(subgraph.inputs.map { Int32($0) })
        let outputs = b.createVector(subgraph.outputs.map { Int32($0) })
        let operators = b.createVector(offsets: operatorOffsets)
        let name = subgraph.name.map { b.createString($0) }
        b.startTable()
        b.add(0, offset: tensors)
        b.add(1, offset: inputs)
        b.add(2, offset: outputs)
        b.add(3, offset: operators)
        if let name { b.add(4, offset: name) }
        return b.endTable()
    }

    private static func writeTensor(_ tensor: Tensor, into b: inout FlatBufferBuilder) -> FlatBufferBuilder.Offset {
        let quantization = tensor.quantization.map { q -> FlatBufferBuilder.Offset in
            let minimum = q.min.isEmpty ? nil : b.createVector(q.min)
            let maximum = q.max.isEmpty ? nil : b.createVector(q.max)
            let scales = b.createVector(q.scales)
            let zeroPoints = b.createVector(q.zeroPoints)
            b.startTable()
            if let minimum { b.add(0, offset: minimum) }
            if let maximum { b.add(1, offset: maximum) }
            b.add(2, offset: scales)
            b.add(3, offset: zeroPoints)
            b.add(6, Int32(q.quantizedDimension), default: 0)
            return b.endTable()
        }
        let shape = b.createVector(tensor.shape.map { Int32(clamping: $0) })
        let signature = tensor.shapeSignature.map { b.createVector($0.map { Int32(clamping: $0) }) }
        let name = b.createString(tensor.name)
        b.startTable()
        b.add(0, offset: shape)
        b.add(1, tensor.type.rawValue, default: 0)
        b.add(2, UInt32(tensor.buffer), default: 0)
        b.add(3, offset: name)
        if let quantization { b.add(4, offset: quantization) }
        b.add(5, tensor.isVariable, default: false)
        if let signature { b.add(7, offset: signature) }
        return b.endTable()
    }

    /// Writes an options table; nil for `.none`.
    private static func writeOptions(_ options: BuiltinOptions, into b: inout FlatBufferBuilder) -> FlatBufferBuilder.Offset? {
        guard options.type != .none else { return nil }
        var vectors: [Int: FlatBufferBuilder.Offset] = [:]
        for (field, value) in options.fields {
            if case .int32Vector(let values) = value { vectors[field] = b.createVector(values) }
        }
        b.startTable()
        // 4-byte fields first, then 1-byte ones, to avoid padding; readers do not depend on the order.
        for (field, value) in options.fields.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .int32(let v): b.add(field, v, default: nil)
            case .float(let v): b.add(field, v, default: nil)
            case .int32Vector: if let offset = vectors[field] { b.add(field, offset: offset) }
            case .int8, .bool: break
            }
        }
        for (field, value) in options.fields.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .int8(let v): b.add(field, v, default: nil)
            case .bool(let v): b.add(field, v, default: nil)
            case .int32, .float, .int32Vector: break
            }
        }
        return b.endTable()
    }

    // MARK: - Validation

    private static func validate(_ model: Model) throws {
        if let first = model.buffers.first, !first.isEmpty {
            throw ModelWriterError.firstBufferNotEmpty(byteCount: first.count)
        }
        var total = 0
        for buffer in model.buffers { total += buffer.count + 32 }
        for subgraph in model.subgraphs { total += 512 * (subgraph.tensors.count + subgraph.operators.count) }
        let limit = FlatBufferBuilder.maxSize - 1024 * 1024
        guard total <= limit else { throw ModelWriterError.modelTooLarge(size: total, limit: limit) }

        for (s, subgraph) in model.subgraphs.enumerated() {
            let count = subgraph.tensors.count
            func check(_ indices: [Int], allowAbsent: Bool) throws {
                for index in indices where !(allowAbsent && index == -1) {
                    guard index >= 0, index < count else {
                        throw ModelWriterError.invalidTensorIndex(subgraph: s, index: index, tensorCount: count)
                    }
                }
            }
            try check(subgraph.inputs, allowAbsent: false)
            try check(subgraph.outputs, allowAbsent: false)
            for op in subgraph.operators {
                try check(op.inputs, allowAbsent: true)
                try check(op.outputs, allowAbsent: true)
            }
            for (t, tensor) in subgraph.tensors.enumerated() {
                guard tensor.buffer >= 0, tensor.buffer == 0 || tensor.buffer < model.buffers.count else {
                    throw ModelWriterError.invalidBufferIndex(tensor: t, buffer: tensor.buffer, bufferCount: model.buffers.count)
                }
                let bytes = model.buffers.indices.contains(tensor.buffer) ? model.buffers[tensor.buffer].count : 0
                if bytes > 0, let size = tensor.type.byteSize {
                    let expected = size * tensor.elementCount
                    guard bytes == expected else {
                        throw ModelWriterError.bufferSizeMismatch(tensor: t, expected: expected, actual: bytes)
                    }
                }
            }
        }
        for signature in model.signatures {
            guard signature.subgraphIndex >= 0, signature.subgraphIndex < model.subgraphs.count else {
                throw ModelWriterError.invalidSubgraphIndex(index: signature.subgraphIndex, subgraphCount: model.subgraphs.count)
            }
            let count = model.subgraphs[signature.subgraphIndex].tensors.count
            for map in signature.inputs + signature.outputs where map.tensorIndex < 0 || map.tensorIndex >= count {
                throw ModelWriterError.invalidTensorIndex(subgraph: signature.subgraphIndex, index: map.tensorIndex, tensorCount: count)
            }
        }
        for entry in model.metadata where entry.buffer < 0 || entry.buffer >= model.buffers.count {
            throw ModelWriterError.invalidBufferIndex(tensor: -1, buffer: entry.buffer, bufferCount: model.buffers.count)
        }
    }
}
