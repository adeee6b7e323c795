/// A summary of a model for `edgebench inspect`: tensors, per-operator cost, metadata and Edge TPU placement.
///
/// JSON keys are snake_case and spelled out in `CodingKeys`; optional objects encode as `null`, never omitted.
/// Required keys: `inputs`, `outputs`, `operators`, `macs_total`, `parameter_bytes_total`, `metadata`, `edgetpu`;
/// extra keys: `description`, `parameter_count_total`, `peak_activation_bytes`, `op_histogram`,
/// `edgetpu_compatibility`, `edgetpu_prediction`, `edgetpu_error`, `custom_operators`.
public struct InspectReport: Codable, Sendable, Equatable {
    /// An input or output tensor.
    public struct TensorSummary: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        public var shape: [Int]
        public var quantization: QuantizationSummary?

        enum CodingKeys: String, CodingKey { case name, type, shape, quantization }

        public init(name: String, type: String, shape: [Int], quantization: QuantizationSummary?) {
            self.name = name
            self.type = type
            self.shape = shape
            self.quantization = quantization
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            type = try c.decode(String.self, forKey: .type)
            shape = try c.decode([Int].self, forKey: .shape)
            quantization = try c.decodeIfPresent(QuantizationSummary.self, forKey: .quantization)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(type, forKey: .type)
            try c.encode(shape, forKey: .shape)
            try c.encode(quantization, forKey: .quantization)
        }
    }

    /// Per-tensor quantization (the first scale and zero point).
    public struct QuantizationSummary: Codable, Sendable, Equatable {
        public var scale: Float
        public var zeroPoint: Int64
        enum CodingKeys: String, CodingKey { case scale, zeroPoint = "zero_point" }
    }

    /// One row of the operator table.
    public struct OperatorRow: Codable, Sendable, Equatable {
        public var index: Int
        public var opcode: String
        public var macs: Int
        public var parameterBytes: Int
        enum CodingKeys: String, CodingKey { case index, opcode, macs, parameterBytes = "parameter_bytes" }
    }

    /// How many operators of one kind the main subgraph has.
    public struct HistogramEntry: Codable, Sendable, Equatable {
        public var opcode: String
        public var count: Int
        enum CodingKeys: String, CodingKey { case opcode, count }
    }

    /// The metadata fields worth showing.
    public struct MetadataSummary: Codable, Sendable, Equatable {
        public var name: String?
        public var description: String?
        public var version: String?
        public var author: String?
        public var license: String?
        public var minParserVersion: String?
        public var inputNormalization: Normalization?
        public var associatedFiles: [FileSummary]
        /// The number of embedded labels, when the model carries a label file.
        public var labelCount: Int?

        public struct Normalization: Codable, Sendable, Equatable {
            public var mean: [Float]
            public var std: [Float]
            enum CodingKeys: String, CodingKey { case mean, std }
        }

        public struct FileSummary: Codable, Sendable, Equatable {
            public var name: String
            public var type: String
            public var description: String?
            enum CodingKeys: String, CodingKey { case name, type, description }
            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(name, forKey: .name)
                try c.encode(type, forKey: .type)
                try c.encode(description, forKey: .description)
            }
        }

        enum CodingKeys: String, CodingKey {
            case name, description, version, author, license
            case minParserVersion = "min_parser_version"
            case inputNormalization = "input_normalization"
            case associatedFiles = "associated_files"
            case labelCount = "label_count"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(description, forKey: .description)
            try c.encode(version, forKey: .version)
            try c.encode(author, forKey: .author)
            try c.encode(license, forKey: .license)
            try c.encode(minParserVersion, forKey: .minParserVersion)
            try c.encode(inputNormalization, forKey: .inputNormalization)
            try c.encode(associatedFiles, forKey: .associatedFiles)
            try c.encode(labelCount, forKey: .labelCount)
        }
    }

    /// Edge TPU placement of a compiled model.
    public struct EdgeTPUSummary: Codable, Sendable, Equatable {
        public var subgraphs: Int
        public var cachedParameterBytes: Int
        public var streamedParameterBytes: Int
        public var cpuOps: [String]
        /// The caching token as `0x`-prefixed hex (a 64-bit value does not survive JSON numbers).
        public var cachingToken: String
        public var compilerVersion: String?
        public var minRuntimeVersion: Int?

        enum CodingKeys: String, CodingKey {
            case subgraphs
            case cachedParameterBytes = "cached_parameter_bytes"
            case streamedParameterBytes = "streamed_parameter_bytes"
            case cpuOps = "cpu_ops"
            case cachingToken = "caching_token"
            case compilerVersion = "compiler_version"
            case minRuntimeVersion = "min_runtime_version"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(subgraphs, forKey: .subgraphs)
            try c.encode(cachedParameterBytes, forKey: .cachedParameterBytes)
            try c.encode(streamedParameterBytes, forKey: .streamedParameterBytes)
            try c.encode(cpuOps, forKey: .cpuOps)
            try c.encode(cachingToken, forKey: .cachingToken)
            try c.encode(compilerVersion, forKey: .compilerVersion)
            try c.encode(minRuntimeVersion, forKey: .minRuntimeVersion)
        }
    }

    public var description: String?
    public var inputs: [TensorSummary]
    public var outputs: [TensorSummary]
    public var operators: [OperatorRow]
    public var opHistogram: [HistogramEntry]
    public var macsTotal: Int
    public var parameterBytesTotal: Int
    public var parameterCountTotal: Int
    public var peakActivationBytes: Int
    public var metadata: MetadataSummary?
    public var edgetpu: EdgeTPUSummary?
    /// For models without Edge TPU operators: what the compiler could map.
    public var edgetpuCompatibility: EdgeTPUCompatibility?
    /// For models without Edge TPU operators: the predicted compiler placement, per operator with reasons.
    public var edgetpuPrediction: EdgeTPUPlacementPrediction?
    /// Why the Edge TPU packages could not be read, when they could not.
    public var edgetpuError: String?
    /// The custom operators over all subgraphs, with counts and owners; nil only in reports written before it existed.
    public var customOperators: [CustomOperatorUse]?

    enum CodingKeys: String, CodingKey {
        case description, inputs, outputs, operators
        case opHistogram = "op_histogram"
        case macsTotal = "macs_total"
        case parameterBytesTotal = "parameter_bytes_total"
        case parameterCountTotal = "parameter_count_total"
        case peakActivationBytes = "peak_activation_bytes"
        case metadata, edgetpu
        case edgetpuCompatibility = "edgetpu_compatibility"
        case edgetpuPrediction = "edgetpu_prediction"
        case edgetpuError = "edgetpu_error"
        case customOperators = "custom_operators"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(description, forKey: .description)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(operators, forKey: .operators)
        try c.encode(opHistogram, forKey: .opHistogram)
        try c.encode(macsTotal, forKey: .macsTotal)
        try c.encode(parameterBytesTotal, forKey: .parameterBytesTotal)
        try c.encode(parameterCountTotal, forKey: .parameterCountTotal)
        try c.encode(peakActivationBytes, forKey: .peakActivationBytes)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(edgetpu, forKey: .edgetpu)
        try c.encode(edgetpuCompatibility, forKey: .edgetpuCompatibility)
        try c.encode(edgetpuPrediction, forKey: .edgetpuPrediction)
        try c.encode(edgetpuError, forKey: .edgetpuError)
        try c.encode(customOperators, forKey: .customOperators)
    }
}

extension InspectReport {
    /// Builds the report of a model's main subgraph.
    /// - Parameter model: A parsed model.
    public init(model: TFLiteModel) {
        func summary(_ t: TFLiteModel.Tensor) -> TensorSummary {
            let q = t.quantization.flatMap { q in
                q.scale.map { QuantizationSummary(scale: $0, zeroPoint: q.zeroPoint ?? 0) }
            }
            return TensorSummary(name: t.name, type: t.type.name, shape: t.shape, quantization: q)
        }
        let cost = model.cost()
        description = model.description
        inputs = model.inputTensors.map(summary)
        outputs = model.outputTensors.map(summary)
        operators = cost.operators.map {
            OperatorRow(index: $0.index, opcode: $0.opcode, macs: $0.macs, parameterBytes: $0.parameterBytes)
        }
        var counts: [String: Int] = [:]
        var firstSeen: [String] = []
        for row in cost.operators {
            if counts[row.opcode] == nil { firstSeen.append(row.opcode) }
            counts[row.opcode, default: 0] += 1
        }
        opHistogram = firstSeen.map { HistogramEntry(opcode: $0, count: counts[$0] ?? 0) }
            .enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
        macsTotal = cost.macsTotal
        parameterBytesTotal = cost.parameterBytesTotal
        parameterCountTotal = cost.parameterCountTotal
        peakActivationBytes = cost.peakActivationBytes
        customOperators = model.customOperators

        metadata = model.metadata.map { m in
            let files = model.associatedFileNames
            var described: [MetadataSummary.FileSummary] = []
            var all = m.associatedFiles
            for s in m.subgraphs {
                all += s.associatedFiles
                for t in s.inputTensors + s.outputTensors { all += t.associatedFiles }
            }
            for f in all where files.contains(f.name) {
                described.append(.init(name: f.name, type: f.type.description, description: f.description))
            }
            return MetadataSummary(
                name: m.name, description: m.description, version: m.version, author: m.author, license: m.license,
                minParserVersion: m.minParserVersion,
                inputNormalization: model.inputNormalization.map { .init(mean: $0.mean, std: $0.std) },
                associatedFiles: described, labelCount: model.embeddedLabels()?.count)
        }

        edgetpu = nil
        edgetpuCompatibility = nil
        edgetpuPrediction = nil
        edgetpuError = nil
        if model.isEdgeTPUCompiled {
            do {
                if let p = try model.edgeTPUPlacement() {
                    edgetpu = EdgeTPUSummary(
                        subgraphs: p.subgraphs, cachedParameterBytes: p.cachedParameterBytes,
                        streamedParameterBytes: p.streamedParameterBytes, cpuOps: p.cpuOps,
                        cachingToken: "0x" + String(p.cachingToken, radix: 16),
                        compilerVersion: p.compilerVersion, minRuntimeVersion: p.minRuntimeVersion)
                }
            } catch {
                edgetpuError = (error as? ModelFormatError)?.errorDescription ?? "\(error)"
            }
        } else {
            let prediction = model.predictEdgeTPUPlacement()
            edgetpuPrediction = prediction
            edgetpuCompatibility = EdgeTPUCompatibility(prediction: prediction)
        }
    }
}
