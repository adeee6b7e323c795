import Foundation

/// Every failure of the Edge TPU module, with the evidence needed to act on it.
///
/// The descriptions state facts (what was searched, the library's path, the status, the devices listed); what a
/// user of a particular program should do about them — install a package, set a variable, pass a flag — is that
/// program's to say (edgebench's advice is added by its error mapping, `ErrorClassification.message(for:)`).
public enum EdgeTPUError: Error, Equatable, LocalizedError {
    /// libedgetpu is not installed where it was looked for.
    case libraryNotFound(searched: [String])
    /// The library file exists but `dlopen` failed (typically a missing dependency such as libusb).
    case cannotLoadLibrary(path: String, reason: String)
    /// The library loaded but lacks a libedgetpu C API function.
    case missingSymbol(name: String, path: String)
    /// The LiteRT runtime lacks an accelerator-registration function.
    case missingLiteRTSymbol(name: String, path: String)
    /// A device string that is not one of "", "usb", "usb:N", "pci", "pci:N", ":N".
    case invalidDeviceSelector(String)
    /// A performance name that is not low, medium, high or max.
    case invalidPerformance(String)
    /// `Usb.MaxBulkInQueueLength` outside libedgetpu's range.
    case invalidUsbQueueLength(value: Int, allowed: ClosedRange<Int>)
    /// The library's TensorFlow ABI cannot be established, so running its delegate under LiteRT may corrupt memory.
    case unclassifiedRuntime(library: String, version: String, tensorflowCommit: String?, reason: String)
    /// A LiteRT accelerator-registration call failed.
    case registrationFailed(function: String, status: Int32)
    /// No listed Edge TPU matched the request when the model was compiled.
    case noDevice(library: String, requested: String, found: [String])
    /// A device matched, but libedgetpu could not open it (edgetpu_create_delegate returned NULL).
    case cannotOpenDevice(library: String, device: String)
    /// LiteRT refused the delegate libedgetpu created (LiteRtWrapDelegate failed).
    case delegateRejected(library: String, status: Int32)

    public var errorDescription: String? {
        switch self {
        case let .libraryNotFound(searched):
            return "no Edge TPU runtime (libedgetpu) found; looked for: \(searched.joined(separator: ", "))."
        case let .cannotLoadLibrary(path, reason):
            return "cannot load the Edge TPU runtime at \(path): \(reason)."
        case let .missingSymbol(name, path):
            return "\(path) does not export \(name): it is not libedgetpu."
        case let .missingLiteRTSymbol(name, path):
            return "the LiteRT runtime at \(path) does not export \(name), which the Edge TPU accelerator needs (LiteRT 2.3.0 does)."
        case let .invalidDeviceSelector(text):
            return "'\(text)' is not an Edge TPU device: use \"usb\", \"usb:N\", \"pci\", \"pci:N\", \":N\" or \"\" (any)."
        case let .invalidPerformance(text):
            return "'\(text)' is not an Edge TPU performance level: use low, medium, high or max."
        case let .invalidUsbQueueLength(value, allowed):
            return "USB bulk-in queue length \(value) is outside \(allowed.lowerBound)...\(allowed.upperBound)."
        case let .unclassifiedRuntime(library, version, commit, reason):
            return """
                refusing to run the Edge TPU delegate from \(library) (\(version), TensorFlow commit \(commit ?? "unknown")): \
                \(reason). libedgetpu passes TensorFlow Lite structs by value, so a library built against a \
                TensorFlow release whose layouts edgebench has not checked may corrupt memory under LiteRT 2.3.0; \
                the builds whose layouts are checked are Coral's libedgetpu 15.0 and 16.0 (built on TensorFlow 2.4 and 2.5).
                """
        case let .registrationFailed(function, status):
            return "LiteRT refused the Edge TPU accelerator: \(function) returned status \(status)."
        case let .noDevice(library, requested, found):
            let listed = found.isEmpty ? "no devices" : found.joined(separator: ", ")
            return "no Edge TPU found: libedgetpu (\(library)) listed \(listed); requested \(requested)."
        case let .cannotOpenDevice(library, device):
            return "libedgetpu (\(library)) found \(device) but could not open it: it may be in use by another process or lack permissions."
        case let .delegateRejected(library, status):
            return "LiteRT rejected the Edge TPU delegate from \(library) (LiteRtWrapDelegate returned status \(status))."
        }
    }
}
