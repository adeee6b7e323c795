/// The builtin options of an operator to write: the union's type tag and its scalar and integer-vector fields.
///
/// Field ids follow the options tables of the TFLite schema. `layouts` lists the tables this module can read
/// back field by field (used to copy an existing model's options); any of them can be written.
public struct BuiltinOptions: Sendable, Equatable {
    /// A field value, written with the width its schema type has.
    public enum Value: Sendable, Equatable {
        case int8(Int8)
        case int32(Int32)
        case bool(Bool)
        case float(Float)
        case int32Vector([Int32])
    }

    /// The kind of a schema field, for reading one back.
    enum Kind: Sendable { case int8, int32, bool, float, int32Vector }

    /// The union's type tag (`.none` for operators without options).
    public var type: BuiltinOptionsType
    /// Field id → value; absent fields take the schema default.
    public var fields: [Int: Value]

    public init(type: BuiltinOptionsType, fields: [Int: Value] = [:]) {
        self.type = type
        self.fields = fields
    }

    /// No options table.
    public static let none = BuiltinOptions(type: .none)

    /// `Conv2DOptions`.
    public static func conv2D(_ o: Conv2DOptions) -> BuiltinOptions {
        BuiltinOptions(type: .conv2DOptions, fields: [
            0: .int8(o.padding.rawValue), 1: .int32(Int32(o.strideW)), 2: .int32(Int32(o.strideH)),
            3: .int8(o.activation.rawValue), 4: .int32(Int32(o.dilationW)), 5: .int32(Int32(o.dilationH)),
        ])
    }

    /// `DepthwiseConv2DOptions`.
    public static func depthwiseConv2D(_ o: DepthwiseConv2DOptions) -> BuiltinOptions {
        BuiltinOptions(type: .depthwiseConv2DOptions, fields: [
            0: .int8(o.padding.rawValue), 1: .int32(Int32(o.strideW)), 2: .int32(Int32(o.strideH)),
            3: .int32(Int32(o.depthMultiplier)), 4: .int8(o.activation.rawValue),
            5: .int32(Int32(o.dilationW)), 6: .int32(Int32(o.dilationH)),
        ])
    }

    /// `Pool2DOptions` (for `AVERAGE_POOL_2D`, `MAX_POOL_2D`, `L2_POOL_2D`).
    public static func pool2D(_ o: Pool2DOptions) -> BuiltinOptions {
        BuiltinOptions(type: .pool2DOptions, fields: [
            0: .int8(o.padding.rawValue), 1: .int32(Int32(o.strideW)), 2: .int32(Int32(o.strideH)),
            3: .int32(Int32(o.filterW)), 4: .int32(Int32(o.filterH)), 5: .int8(o.activation.rawValue),
        ])
    }

    /// `FullyConnectedOptions` (default weights format).
    public static func fullyConnected(_ o: FullyConnectedOptions) -> BuiltinOptions {
        BuiltinOptions(type: .fullyConnectedOptions, fields: [0: .int8(o.activation.rawValue), 2: .bool(o.keepNumDims)])
    }

    /// `AddOptions`.
    public static func add(activation: ActivationFunction) -> BuiltinOptions {
        BuiltinOptions(type: .addOptions, fields: [0: .int8(activation.rawValue)])
    }

    /// `MulOptions`.
    public static func mul(activation: ActivationFunction) -> BuiltinOptions {
        BuiltinOptions(type: .named("MulOptions"), fields: [0: .int8(activation.rawValue)])
    }

    /// `SubOptions`.
    public static func sub(activation: ActivationFunction) -> BuiltinOptions {
        BuiltinOptions(type: .named("SubOptions"), fields: [0: .int8(activation.rawValue)])
    }

    /// `ReshapeOptions` (the new shape is also given as the operator's second input).
    public static func reshape(newShape: [Int]) -> BuiltinOptions {
        BuiltinOptions(type: .reshapeOptions, fields: [0: .int32Vector(newShape.map { Int32(clamping: $0) })])
    }

    /// `SoftmaxOptions`.
    public static func softmax(beta: Float = 1) -> BuiltinOptions {
        BuiltinOptions(type: .softmaxOptions, fields: [0: .float(beta)])
    }

    /// `ReducerOptions` (for `MEAN`, `SUM`, `REDUCE_MAX` …).
    public static func reducer(keepDims: Bool) -> BuiltinOptions {
        BuiltinOptions(type: .reducerOptions, fields: [0: .bool(keepDims)])
    }

    /// `ConcatenationOptions`.
    public static func concatenation(axis: Int, activation: ActivationFunction = .none) -> BuiltinOptions {
        BuiltinOptions(type: .named("ConcatenationOptions"), fields: [0: .int32(Int32(axis)), 1: .int8(activation.rawValue)])
    }

    /// `QuantizeOptions` (no fields).
    public static let quantize = BuiltinOptions(type: .named("QuantizeOptions"))
    /// `DequantizeOptions` (no fields).
    public static let dequantize = BuiltinOptions(type: .named("DequantizeOptions"))

    /// The fused activation field of the options tables that have one, by type tag.
    static let activationField: [UInt8: Int] = {
        var map: [UInt8: Int] = [:]
        let fields = ["Conv2DOptions": 3, "DepthwiseConv2DOptions": 4, "Pool2DOptions": 5, "FullyConnectedOptions": 0,
                      "AddOptions": 0, "SubOptions": 0, "MulOptions": 0, "DivOptions": 0, "ConcatenationOptions": 1,
                      "TransposeConvOptions": 3]
        for (name, field) in fields { map[BuiltinOptionsType.named(name).rawValue] = field }
        return map
    }()

    /// The options' fused activation, when its table has that field (absent means `NONE`).
    public var fusedActivation: ActivationFunction? {
        guard let field = Self.activationField[type.rawValue] else { return nil }
        if case .int8(let raw) = fields[field] { return ActivationFunction(rawValue: raw) }
        return ActivationFunction.none
    }

    /// Sets the fused activation; does nothing for options tables without that field.
    public mutating func setFusedActivation(_ activation: ActivationFunction) {
        guard let field = Self.activationField[type.rawValue] else { return }
        fields[field] = .int8(activation.rawValue)
    }

    /// Fields of the options tables this module can copy, by type tag (schema of LiteRT 2.3).
    static let layouts: [UInt8: [(Int, Kind)]] = {
        let byName: [String: [(Int, Kind)]] = [
            "Conv2DOptions": [(0, .int8), (1, .int32), (2, .int32), (3, .int8), (4, .int32), (5, .int32), (6, .int8)],
            "DepthwiseConv2DOptions": [(0, .int8), (1, .int32), (2, .int32), (3, .int32), (4, .int8), (5, .int32), (6, .int32)],
            "Pool2DOptions": [(0, .int8), (1, .int32), (2, .int32), (3, .int32), (4, .int32), (5, .int8)],
            "FullyConnectedOptions": [(0, .int8), (1, .int8), (2, .bool), (3, .bool), (4, .int8)],
            "TransposeConvOptions": [(0, .int8), (1, .int32), (2, .int32), (3, .int8), (4, .int8)],
            "SoftmaxOptions": [(0, .float)],
            "ConcatenationOptions": [(0, .int32), (1, .int8)],
            "AddOptions": [(0, .int8), (1, .bool)],
            "SubOptions": [(0, .int8), (1, .bool)],
            "MulOptions": [(0, .int8)],
            "DivOptions": [(0, .int8)],
            "L2NormOptions": [(0, .int8)],
            "ReshapeOptions": [(0, .int32Vector)],
            "SqueezeOptions": [(0, .int32Vector)],
            "ReducerOptions": [(0, .bool)],
            "ResizeBilinearOptions": [(2, .bool), (3, .bool)],
            "ResizeNearestNeighborOptions": [(0, .bool), (1, .bool)],
            "StridedSliceOptions": [(0, .int32), (1, .int32), (2, .int32), (3, .int32), (4, .int32), (5, .bool)],
            "GatherOptions": [(0, .int32), (1, .int32)],
            "SplitOptions": [(0, .int32)],
            "PackOptions": [(0, .int32), (1, .int32)],
            "UnpackOptions": [(0, .int32), (1, .int32)],
            "SpaceToDepthOptions": [(0, .int32)],
            "DepthToSpaceOptions": [(0, .int32)],
            "LeakyReluOptions": [(0, .float)],
            "ArgMaxOptions": [(0, .int8)],
            "ArgMinOptions": [(0, .int8)],
            "CastOptions": [(0, .int8), (1, .int8)],
            "ShapeOptions": [(0, .int8)],
            "MirrorPadOptions": [(0, .int8)],
            "BatchMatMulOptions": [(0, .bool), (1, .bool), (2, .bool)],
            "LocalResponseNormalizationOptions": [(0, .int32), (1, .float), (2, .float), (3, .float)],
            "PadOptions": [], "PadV2Options": [], "TransposeOptions": [], "QuantizeOptions": [],
            "DequantizeOptions": [], "HardSwishOptions": [], "ExpOptions": [], "MaximumMinimumOptions": [],
            "ExpandDimsOptions": [], "SliceOptions": [], "TileOptions": [], "NegOptions": [], "AbsOptions": [],
            "SquareOptions": [], "ZerosLikeOptions": [], "FillOptions": [], "GatherNdOptions": [],
            "SelectOptions": [], "SelectV2Options": [], "LessOptions": [], "GreaterOptions": [], "EqualOptions": [],
            "NotEqualOptions": [], "LessEqualOptions": [], "GreaterEqualOptions": [], "LogSoftmaxOptions": [],
            "PowOptions": [], "FloorDivOptions": [], "FloorModOptions": [], "SquaredDifferenceOptions": [],
            "RankOptions": [], "CosOptions": [], "LogicalOrOptions": [], "LogicalAndOptions": [],
            "LogicalNotOptions": [], "BroadcastToOptions": [],
        ]
        var map: [UInt8: [(Int, Kind)]] = [:]
        for (name, layout) in byName { map[BuiltinOptionsType.named(name).rawValue] = layout }
        return map
    }()
}

extension BuiltinOptionsType {
    /// `AddOptions`
    public static let addOptions = BuiltinOptionsType.named("AddOptions")
    /// `ReshapeOptions`
    public static let reshapeOptions = BuiltinOptionsType.named("ReshapeOptions")
    /// `SoftmaxOptions`
    public static let softmaxOptions = BuiltinOptionsType.named("SoftmaxOptions")
    /// `ReducerOptions`
    public static let reducerOptions = BuiltinOptionsType.named("ReducerOptions")

    /// The type tag of the options table called `name` in the schema (the table is part of this module).
    static func named(_ name: String) -> BuiltinOptionsType {
        guard let index = builtinOptionsNames.firstIndex(of: name), let raw = UInt8(exactly: index) else {
            preconditionFailure("no builtin options type named \(name)")
        }
        return BuiltinOptionsType(rawValue: raw)
    }
}

extension TFLiteModel {
    /// Reads the builtin options of `op` field by field, so that they can be written into another model.
    /// - Parameter op: An operator of this model.
    /// - Returns: The options (`.none` when the operator has none).
    /// - Throws: `ModelWriterError.unsupportedBuiltinOptions` for an options type `BuiltinOptions` has no layout
    ///   for, or a `ModelFormatError` when a field does not fit its table.
    public func builtinOptions(of op: Operator) throws -> BuiltinOptions {
        guard op.builtinOptionsType != .none else { return .none }
        guard let layout = BuiltinOptions.layouts[op.builtinOptionsType.rawValue] else {
            throw ModelWriterError.unsupportedBuiltinOptions(operator: op.index, type: op.builtinOptionsType.name)
        }
        var options = BuiltinOptions(type: op.builtinOptionsType)
        guard let position = op.builtinOptionsPosition else { return options }
        let reader = try ByteReader(bytes: bytes, limits: limits)
        let table = try reader.table(at: position, depth: 1, name: op.builtinOptionsType.name)
        for (field, kind) in layout where try table.has(field) {
            switch kind {
            case .int8: options.fields[field] = .int8(try table.scalar(field, default: Int8(0)))
            case .int32: options.fields[field] = .int32(try table.scalar(field, default: Int32(0)))
            case .bool: options.fields[field] = .bool(try table.bool(field, default: false))
            case .float: options.fields[field] = .float(try table.float(field, default: 0))
            case .int32Vector:
                let values = try table.ints(field, "field \(field)", as: Int32.self) ?? []
                options.fields[field] = .int32Vector(values.map { Int32(truncatingIfNeeded: $0) })
            }
        }
        return options
    }
}
