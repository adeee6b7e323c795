import EdgeTPU
import FileAccess
import Foundation
import Imaging
import LiteRT
import ModelFormat
import Results

/// Maps errors from the library modules (which know nothing of exit codes) to exit statuses.
public enum ErrorClassification {
    /// The exit status for an error edgebench's modules raise, or nil for any other error.
    public static func exitStatus(for error: Error) -> ExitStatus? {
        if let provider = error as? ExitStatusProviding { return provider.exitStatus }
        switch error {
        case is ImageError, is ModelFormatError, is ModelWriterError, is FileAccessError:
            return .badInput
        case let error as LiteRTError:
            switch error {
            case .cannotLoadLibrary, .missingSymbol: return .unavailable
            case .inputSizeMismatch: return .badInput
            case .unsupportedTensor, .noSignature, .unresolvedShape: return .badInput
            default: return .runtimeFailure
            }
        default:
            return nil
        }
    }

    /// The text to show a user of edgebench for `error`: the error's own description and, for the binding
    /// modules' errors (which state facts only), what to do about it with this tool.
    public static func message(for error: Error) -> String {
        let text = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        guard let advice = advice(for: error) else { return text }
        return text + " " + advice
    }

    /// What an edgebench user can do about a LiteRT or Edge TPU failure, or nil when the facts say it all.
    static func advice(for error: Error) -> String? {
        switch error {
        case let error as LiteRTError:
            switch error {
            case .cannotLoadLibrary:
                return "Run `edgebench runtime install` or point EDGEBENCH_LITERT at libLiteRt.so from ai-edge-litert \(RuntimeLocation.pinnedVersion)."
            case .missingSymbol:
                return "Run `edgebench runtime install` to get the right one."
            default:
                return nil
            }
        case let error as EdgeTPUError:
            let variable = EdgeTPULibrary.pathVariable
            switch error {
            case .libraryNotFound:
                return """
                    Install it from Coral's apt repository (https://coral.ai/software/#debian-packages): \
                    `sudo apt-get install libedgetpu1-std` (reduced clock) or `libedgetpu1-max` (maximum clock), \
                    or set \(variable) to the path of libedgetpu.so.1.
                    """
            case .cannotLoadLibrary:
                return "libedgetpu needs libusb-1.0 (`sudo apt-get install libusb-1.0-0`); or set \(variable) to a working libedgetpu.so.1."
            case .missingSymbol:
                return "Install libedgetpu1-std or libedgetpu1-max, or set \(variable) to the path of libedgetpu.so.1."
            case .missingLiteRTSymbol:
                return "Use LiteRT \(RuntimeLocation.pinnedVersion) (`edgebench runtime install`)."
            case .unclassifiedRuntime:
                return """
                    Use Coral's libedgetpu 16.0 (libedgetpu1-std / libedgetpu1-max, built on TensorFlow 2.5), \
                    or force it to run with the TensorFlow 2.5 shim (--force-edgetpu, or force_edgetpu=true in a \
                    configuration), at your own risk.
                    """
            case .noDevice:
                return """
                    Plug in the Coral USB Accelerator (or install the PCIe driver, gasket-dkms), check \
                    permissions (udev rules from the libedgetpu package), or run the model on the CPU instead.
                    """
            case .cannotOpenDevice:
                return "Check the udev rules, or replug the device."
            default:
                return nil
            }
        default:
            return nil
        }
    }
}
