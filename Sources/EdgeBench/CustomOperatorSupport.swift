import Foundation
import LiteRT
import ModelFormat

/// Which custom operators LiteRT 2.3.0 can run for a given backend and CPU kernels, so that a model
/// needing one it lacks is refused by name before the runtime sees it (LiteRT itself accepts such a
/// model and only fails at the first run, with "status 3").
///
/// Verified against the runtime on the fixtures: `mediapipe_selfie_segmentation.tflite` runs with XNNPACK
/// and on the GPU, and fails with built-in and reference kernels ("Stub operation invoked"); the SSD head's
/// `TFLite_Detection_PostProcess` resolves with every kernel mode; `Landmarks2TransformMatrix`,
/// `PosenetDecoderOp` and `fake-op-double` are unresolved everywhere, the GPU included.
public enum CustomOperatorSupport {
    /// Custom operators TensorFlow Lite's builtin op resolver registers, available with every kernel mode.
    ///
    /// Source: `tflite/core/kernels/register.cc` (`BuiltinOpResolver`'s `AddCustom` calls), which LiteRT's
    /// compiled model uses as `BuiltinOpResolverWithoutDefaultDelegates` (`litert/runtime/compiled_model.cc`).
    public static let builtinResolverOperators: Set<String> = [
        "NumericVerify", "Mfcc", "AudioSpectrogram", "TFLite_Detection_PostProcess", "aeq.hadamard_rotation",
    ]

    /// MediaPipe operators the XNNPACK delegate implements itself.
    ///
    /// Source: `tflite/delegates/xnnpack/xnnpack_delegate.cc` (`VisitNode`, case `kTfLiteBuiltinCustom`).
    /// LiteRT registers only a stub kernel for them on the CPU (`compiled_model.cc`,
    /// `accelerator_supported_custom_ops`), so with built-in or reference kernels the stub fails at the first run.
    public static let xnnpackDelegateOperators: Set<String> = [
        "Convolution2DTransposeBias", "MaxPoolingWithArgmax2D", "MaxUnpooling2D",
    ]

    /// Operators LiteRT leaves to its GPU accelerator (the GPU list of `accelerator_supported_custom_ops`
    /// in `litert/runtime/compiled_model.cc`).
    public static let gpuAcceleratorOperators: Set<String> = xnnpackDelegateOperators.union(["Resampler"])

    /// The custom operators available to a model run with `settings`.
    public static func providedOperators(for settings: RunSettings) -> Set<String> {
        builtinResolverOperators.union(settings.backend.driver.providedCustomOperators(kernels: settings.kernels))
    }

    /// The custom operators of `model` that cannot run with `settings`, in order of first use.
    public static func unsupportedOperators(in model: TFLiteModel, settings: RunSettings) -> [CustomOperatorUse] {
        let provided = providedOperators(for: settings)
        return model.customOperators.filter { !provided.contains($0.name) }
    }

    /// The custom operators of `model` that only the XNNPACK delegate provides on the CPU: with any of them,
    /// falling back from XNNPACK to the built-in kernels cannot work.
    public static func operatorsRequiringXNNPACK(in model: TFLiteModel) -> [CustomOperatorUse] {
        model.customOperators.filter { xnnpackDelegateOperators.contains($0.name) }
    }

    /// Refuses a model that needs custom operators the chosen backend and kernels cannot run.
    ///
    /// An Edge TPU model outside the Edge TPU backend is not reported here: `Session` refuses it first
    /// with its own message (`EdgeBenchError.edgeTPUModelOnCPU`).
    /// - Throws: `EdgeBenchError.unsupportedCustomOperators` naming every such operator.
    public static func check(_ file: ModelFile, settings: RunSettings) throws {
        guard (try? settings.backend.driver.checkModel(file)) != nil else { return }
        let missing = unsupportedOperators(in: file.format, settings: settings)
        guard !missing.isEmpty else { return }
        throw EdgeBenchError.unsupportedCustomOperators(model: file.name, operators: missing,
                                                        backend: settings.backend, kernels: settings.kernels)
    }

    /// Reads the model at `path` and refuses it as `check(_:settings:)` does, so that a command can say so
    /// before it finds (or downloads) the runtime for a model that cannot run anyway.
    ///
    /// A file that cannot be read or parsed passes: the command's own read reports it, in its usual order.
    /// - Throws: `EdgeBenchError.unsupportedCustomOperators` as `check(_:settings:)`.
    public static func check(modelPath path: String, settings: RunSettings) throws {
        guard let file = try? ModelFile(path: path) else { return }
        try check(file, settings: settings)
    }

    /// The error message: every operator with its count and owner, grouped by owner in order of first use,
    /// then what to do about each group.
    static func message(model: String, operators: [CustomOperatorUse], backend: Backend, kernels: CPUKernels) -> String {
        var groups: [(owner: CustomOperatorOwner?, xnnpackOnly: Bool, operators: [CustomOperatorUse])] = []
        for op in operators {
            let xnnpackOnly = xnnpackDelegateOperators.contains(op.name)
            if let index = groups.firstIndex(where: { $0.owner == op.owner && $0.xnnpackOnly == xnnpackOnly }) {
                groups[index].operators.append(op)
            } else {
                groups.append((op.owner, xnnpackOnly, [op]))
            }
        }
        let count = operators.count
        let listed = groups.map { group in
            group.operators.map(\.countedName).joined(separator: ", ") + " (\(group.owner?.rawValue ?? "owner unknown"))"
        }
        let head = "\(model) needs \(count == 1 ? "a custom operator" : "\(count) custom operators") that LiteRT 2.3.0 does not provide "
            + "\(place(backend: backend, kernels: kernels)): \(listed.joined(separator: "; "))."
        let advice = groups.map { group in
            // With one group the sentence says "It"/"They"; with several, it names the group's operators.
            let plural = group.operators.count > 1
            let names = group.operators.map(\.name).joined(separator: ", ")
            return remedy(subject: groups.count == 1 ? (plural ? "They" : "It") : names,
                          object: groups.count == 1 ? (plural ? "them" : "it") : names,
                          plural: plural, owner: group.owner, xnnpackOnly: group.xnnpackOnly, kernels: kernels)
        }
        return ([head] + advice).joined(separator: " ")
    }

    private static func place(backend: Backend, kernels: CPUKernels) -> String {
        backend.driver.placement(kernels: kernels)
    }

    /// One sentence saying where a group of operators comes from and what to do.
    private static func remedy(subject: String, object: String, plural: Bool, owner: CustomOperatorOwner?,
                               xnnpackOnly: Bool, kernels: CPUKernels) -> String {
        let comes = plural ? "come" : "comes"
        let needs = plural ? "need" : "needs"
        if xnnpackOnly {
            return "\(subject) \(plural ? "are" : "is") implemented only by the XNNPACK delegate and LiteRT's GPU accelerator, not by the \(kernels.rawValue) kernels: "
                + "run without --kernels \(kernels.rawValue) (XNNPACK is the default), or with --backend gpu."
        }
        switch owner {
        case .mediaPipe:
            return "\(subject) \(comes) from MediaPipe's own op resolver: run the model with MediaPipe, or use a version of the model without \(object)."
        case .coral:
            return "\(subject) \(comes) from Coral's libcoral (pycoral): run the model with libcoral, or use a version of the model without \(object) (for PoseNet, the model without its decoder)."
        case .edgeTPU:
            return "\(subject) \(needs) libedgetpu's delegate: use --backend edgetpu (or MODEL@usb)."
        case .tensorFlowSelect:
            return "\(subject) \(needs) TensorFlow's Flex delegate (Select TF ops), which this LiteRT runtime does not include: re-convert the model with TFLite builtin operators only."
        case .tensorFlowLite:
            return "\(subject) \(comes) from TensorFlow Lite but \(plural ? "are" : "is") not available here: try the CPU with --kernels xnnpack."
        case nil:
            return "edgebench does not know which library defines \(object): "
                + "run the model with the runtime and op resolver it was made for, or re-export it with TFLite builtin operators only."
        }
    }
}
