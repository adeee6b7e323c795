import CLiteRT
import Foundation

/// A model loaded into LiteRT (`LiteRtModel`), with the inputs and outputs of its first signature.
///
/// The model bytes are owned here (64-byte aligned) for as long as LiteRT may read them.
/// A compiled model keeps its `Model` alive, so the model is destroyed only after it.
/// Not thread-safe, so not `Sendable`.
public final class Model {
    public let environment: Environment
    /// A name for messages: the file the bytes came from.
    public let name: String
    let handle: OpaquePointer
    private let storage: UnsafeMutableRawBufferPointer
    /// The signature that `CompiledModel` runs (index 0).
    public let signatureKey: String
    public let inputs: [TensorInfo]
    public let outputs: [TensorInfo]

    /// Loads a model from bytes that edgebench's own reader has already validated.
    /// - Parameters:
    ///   - bytes: The complete .tflite file.
    ///   - name: The file name, used in messages.
    ///   - environment: The environment to load into.
    /// - Throws: `LiteRTError.callFailed` when LiteRT rejects the model,
    ///   `LiteRTError.noSignature` or `.unsupportedTensor` for models it cannot describe.
    public init(bytes: [UInt8], name: String, environment: Environment) throws {
        self.environment = environment
        self.name = name
        let library = environment.library
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { storage.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
        var handle: OpaquePointer?
        let (result, log) = NativeOutputCapture.run {
            library.createModelFromBuffer(environment.handle, storage.baseAddress, bytes.count, &handle)
        }
        let status = (try? result.get()) ?? LiteRTStatus.unknown.rawValue
        guard status == LiteRTStatus.ok.rawValue, let handle else {
            storage.deallocate()
            throw LiteRTError.callFailed(function: library.name(of: library.createModelFromBuffer), status: LiteRTStatus(rawValue: status),
                                         context: "load \(name)", log: log)
        }
        self.handle = handle
        self.storage = storage
        do {
            var signatureCount = 0
            try library.check(library.getNumModelSignatures(handle, &signatureCount), from: library.getNumModelSignatures, "read the signatures of \(name)")
            guard signatureCount > 0 else { throw LiteRTError.noSignature(model: name) }
            var signature: OpaquePointer?
            try library.check(library.getModelSignature(handle, 0, &signature), from: library.getModelSignature, "read the signature of \(name)")
            var key: UnsafePointer<CChar>?
            try library.check(library.getSignatureKey(signature, &key), from: library.getSignatureKey, "read the signature key of \(name)")
            signatureKey = key.map { String(cString: $0) } ?? ""
            var inputCount = 0, outputCount = 0
            try library.check(library.getNumSignatureInputs(signature, &inputCount), from: library.getNumSignatureInputs, "count inputs")
            try library.check(library.getNumSignatureOutputs(signature, &outputCount), from: library.getNumSignatureOutputs, "count outputs")
            var inputs: [TensorInfo] = []
            for index in 0..<inputCount {
                var tensor: OpaquePointer?
                try library.check(library.getSignatureInputTensorByIndex(signature, index, &tensor), from: library.getSignatureInputTensorByIndex, "read input \(index)")
                inputs.append(try Model.describe(tensor, library: library))
            }
            var outputs: [TensorInfo] = []
            for index in 0..<outputCount {
                var tensor: OpaquePointer?
                try library.check(library.getSignatureOutputTensorByIndex(signature, index, &tensor), from: library.getSignatureOutputTensorByIndex, "read output \(index)")
                outputs.append(try Model.describe(tensor, library: library))
            }
            self.inputs = inputs
            self.outputs = outputs
        } catch {
            library.destroyModel(handle)
            storage.deallocate()
            throw error
        }
    }

    deinit {
        environment.library.destroyModel(handle)
        storage.deallocate()
    }

    private static func describe(_ tensor: OpaquePointer?, library: LiteRTLibrary) throws -> TensorInfo {
        var namePointer: UnsafePointer<CChar>?
        try library.check(library.getTensorName(tensor, &namePointer), from: library.getTensorName, "read a tensor name")
        let name = namePointer.map { String(cString: $0) } ?? "?"
        var typeId: Int32 = 0
        try library.check(library.getTensorTypeId(tensor, &typeId), from: library.getTensorTypeId, "read the type of tensor '\(name)'")
        guard typeId == TensorTypeID.ranked.rawValue else {
            throw LiteRTError.unsupportedTensor(name: name, detail: "it has no rank (unranked tensors are not supported)")
        }
        var ranked = EBLiteRtRankedTensorType()
        try library.check(library.getRankedTensorType(tensor, &ranked), from: library.getRankedTensorType, "read the shape of tensor '\(name)'")
        let rank = Int(ranked.layout.rankAndFlags & UInt32(EB_LITERT_LAYOUT_RANK_MASK))
        guard rank <= Int(EB_LITERT_MAX_RANK) else {
            throw LiteRTError.unsupportedTensor(name: name, detail: "rank \(rank) exceeds \(EB_LITERT_MAX_RANK)")
        }
        let shape = withUnsafeBytes(of: ranked.layout.dimensions) { raw in
            (0..<rank).map { Int(raw.load(fromByteOffset: $0 * 4, as: Int32.self)) }
        }
        var quantizationType: Int32 = 0
        try library.check(library.getQuantizationTypeId(tensor, &quantizationType), from: library.getQuantizationTypeId, "read the quantization of '\(name)'")
        var quantization: PerTensorQuantization?
        var perChannel: [Float]?
        switch QuantizationTypeID(rawValue: quantizationType) {
        case .perTensor:
            var value = EBLiteRtQuantizationPerTensor()
            try library.check(library.getPerTensorQuantization(tensor, &value), from: library.getPerTensorQuantization, "read the quantization of '\(name)'")
            quantization = PerTensorQuantization(scale: value.scale, zeroPoint: Int(value.zeroPoint))
        case .perChannel:
            var value = EBLiteRtQuantizationPerChannel()
            try library.check(library.getPerChannelQuantization(tensor, &value), from: library.getPerChannelQuantization, "read the quantization of '\(name)'")
            if let scales = value.scales, value.channelCount > 0, value.channelCount < 1 << 20 {
                perChannel = Array(UnsafeBufferPointer(start: scales, count: Int(value.channelCount)))
            }
        default:
            break
        }
        return TensorInfo(name: name, elementType: ElementType(rawValue: ranked.elementType), shape: shape,
                          quantization: quantization, perChannelScales: perChannel)
    }
}
