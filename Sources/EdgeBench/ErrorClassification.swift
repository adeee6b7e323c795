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
}
