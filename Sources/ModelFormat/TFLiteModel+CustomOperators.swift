/// Who defines a custom operator: the project whose op resolver implements it.
public enum CustomOperatorOwner: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// TensorFlow Lite itself (its builtin op resolver registers the operator as a custom op).
    case tensorFlowLite = "TensorFlow Lite"
    /// TensorFlow ops kept by the converter with `SELECT_TF_OPS` (`Flex…`), run by the Flex delegate.
    case tensorFlowSelect = "TensorFlow (Flex / Select TF ops)"
    /// MediaPipe's own TFLite operators.
    case mediaPipe = "MediaPipe"
    /// Coral's libcoral (e.g. the PoseNet decoder).
    case coral = "Coral/libcoral"
    /// A subgraph compiled for the Edge TPU, run by libedgetpu's delegate.
    case edgeTPU = "Edge TPU"

    public var description: String { rawValue }

    /// The prefix the converter gives TensorFlow ops it keeps (`tflite::kFlexCustomCodePrefix`).
    public static let flexPrefix = "Flex"

    /// Custom operator names whose owner is known.
    ///
    /// Sources: TensorFlow Lite's `tflite/core/kernels/register.cc` (`BuiltinOpResolver`); MediaPipe's
    /// `mediapipe/tasks/cc/core/mediapipe_builtin_op_resolver.cc` and `mediapipe/util/tflite/op_resolver.cc`;
    /// libcoral's `coral/posenet/posenet_decoder_op.h`; libedgetpu's `edgetpu.h` (`kCustomOp`).
    public static let knownOperators: [String: CustomOperatorOwner] = [
        "NumericVerify": .tensorFlowLite,
        "Mfcc": .tensorFlowLite,
        "AudioSpectrogram": .tensorFlowLite,
        "TFLite_Detection_PostProcess": .tensorFlowLite,
        "aeq.hadamard_rotation": .tensorFlowLite,
        "MaxPoolingWithArgmax2D": .mediaPipe,
        "MaxUnpooling2D": .mediaPipe,
        "Convolution2DTransposeBias": .mediaPipe,
        "TransformTensorBilinear": .mediaPipe,
        "TransformLandmarks": .mediaPipe,
        "Landmarks2TransformMatrix": .mediaPipe,
        "Resampler": .mediaPipe,
        "NGramHash": .mediaPipe,
        "KmeansEmbeddingLookup": .mediaPipe,
        "TFSentencepieceTokenizeOp": .mediaPipe,
        "RaggedTensorToTensor": .mediaPipe,
        "FusedBatchNormV3": .mediaPipe,
        "PosenetDecoderOp": .coral,
        TFLiteModel.edgeTPUCustomCode: .edgeTPU,
    ]

    /// The owner of the custom operator called `name`, or nil when edgebench does not know it.
    public init?(customOperator name: String) {
        if let known = Self.knownOperators[name] {
            self = known
        } else if name.hasPrefix(Self.flexPrefix) {
            self = .tensorFlowSelect
        } else {
            return nil
        }
    }
}

/// One custom operator a model uses: its name, how many operators use it, and who defines it.
public struct CustomOperatorUse: Sendable, Hashable, Codable {
    /// The operator's `custom_code`, e.g. `"Landmarks2TransformMatrix"`.
    public let name: String
    /// How many operators, over all subgraphs, use it.
    public let count: Int
    /// Who defines it; nil when unknown.
    public let owner: CustomOperatorOwner?

    public init(name: String, count: Int, owner: CustomOperatorOwner?) {
        self.name = name
        self.count = count
        self.owner = owner
    }

    /// `"Landmarks2TransformMatrix ×3"`.
    public var countedName: String { "\(name) ×\(count)" }

    enum CodingKeys: String, CodingKey { case name, count, owner }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(count, forKey: .count)
        try c.encode(owner, forKey: .owner) // null when unknown, never omitted
    }
}

extension TFLiteModel {
    /// The custom operators the model uses, over all subgraphs, in order of first use, each with its count
    /// and owner (`Flex…` operators included: they are custom operators to the runtime).
    public var customOperators: [CustomOperatorUse] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for subgraph in subgraphs {
            for op in subgraph.operators {
                guard let code = operatorCode(for: op), code.builtinCode == .custom, let name = code.customCode else { continue }
                if counts[name] == nil { order.append(name) }
                counts[name, default: 0] += 1
            }
        }
        return order.map { CustomOperatorUse(name: $0, count: counts[$0] ?? 0, owner: CustomOperatorOwner(customOperator: $0)) }
    }
}
