import CEdgeTPU

/// Which Edge TPU to use, in pycoral's device-string syntax (`make_interpreter(device=...)`, libedgetpu's
/// "device" delegate option).
///
/// | string | meaning |
/// | --- | --- |
/// | `""` | any Edge TPU |
/// | `"usb"` / `"pci"` | any Edge TPU of that kind |
/// | `"usb:N"` / `"pci:N"` | the N-th of that kind, in libedgetpu's enumeration order |
/// | `":N"` | the N-th of any kind |
///
/// Matching is case-sensitive and N is a non-negative decimal number, as in libedgetpu.
public struct EdgeTPUDeviceSelector: Hashable, Sendable, CustomStringConvertible {
    /// A kind of Edge TPU (`edgetpu_device_type`).
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// `EDGETPU_APEX_USB`: the Coral USB Accelerator.
        case usb
        /// `EDGETPU_APEX_PCI`: M.2 / Mini PCIe modules and the Dev Board.
        case pci

        /// The `edgetpu_device_type` value.
        public var deviceType: Int32 { self == .usb ? EB_EDGETPU_DEVICE_USB : EB_EDGETPU_DEVICE_PCI }
    }

    /// The kind required, or nil for any.
    public var kind: Kind?
    /// The position among matching devices, or nil for the first available.
    public var index: Int?

    /// Any Edge TPU (`""`).
    public static let any = EdgeTPUDeviceSelector(kind: nil, index: nil)

    public init(kind: Kind?, index: Int?) {
        self.kind = kind
        self.index = index
    }

    /// Parses a pycoral device string.
    /// - Throws: `EdgeTPUError.invalidDeviceSelector` for anything else.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let kindText = parts.first.map(String.init) ?? ""
        let kind: Kind?
        switch kindText {
        case "": kind = nil
        case "usb": kind = .usb
        case "pci": kind = .pci
        default: throw EdgeTPUError.invalidDeviceSelector(text)
        }
        guard parts.count == 2 else {
            self.init(kind: kind, index: nil)
            return
        }
        let digits = parts[1]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let index = Int(digits) else {
            throw EdgeTPUError.invalidDeviceSelector(text)
        }
        self.init(kind: kind, index: index)
    }

    /// The pycoral device string (`""` for any).
    public var description: String {
        let prefix = kind?.rawValue ?? ""
        guard let index else { return prefix }
        return "\(prefix):\(index)"
    }

    /// The selector in words, for messages: `usb:0`, `any Edge TPU`.
    public var requestDescription: String { description.isEmpty ? "any Edge TPU" : "device \"\(description)\"" }
}

/// Stored as its pycoral device string, so result files read like the command line.
extension EdgeTPUDeviceSelector: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an Edge TPU device string: \(text)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// libedgetpu's "Performance" option: the Edge TPU's clock as a share of what the library build allows.
public enum EdgeTPUPerformance: String, Hashable, Sendable, Codable, CaseIterable {
    case low, medium, high, max

    /// The option value libedgetpu expects ("Low", "Medium", "High", "Max").
    public var optionValue: String {
        switch self {
        case .low: return "Low"
        case .medium: return "Medium"
        case .high: return "High"
        case .max: return "Max"
        }
    }

    /// Parses "low", "medium", "high" or "max" (any case).
    /// - Throws: `EdgeTPUError.invalidPerformance`.
    public init(parsing text: String) throws {
        guard let value = EdgeTPUPerformance(rawValue: text.lowercased()) else { throw EdgeTPUError.invalidPerformance(text) }
        self = value
    }
}

/// How to open the Edge TPU.
public struct EdgeTPUOptions: Hashable, Sendable {
    /// The range libedgetpu accepts for `Usb.MaxBulkInQueueLength`.
    public static let usbQueueLengthRange = 0...255

    public var selector: EdgeTPUDeviceSelector
    /// The clock setting (libedgetpu's default is max).
    public var performance: EdgeTPUPerformance
    /// `Usb.MaxBulkInQueueLength` (libedgetpu's default is 32); nil leaves the default.
    public var usbMaxBulkInQueueLength: Int?
    /// Run a library whose TensorFlow ABI edgebench cannot classify (with the TF 2.5 shim).
    public var force: Bool

    public init(selector: EdgeTPUDeviceSelector = .any, performance: EdgeTPUPerformance = .max,
                usbMaxBulkInQueueLength: Int? = nil, force: Bool = false) {
        self.selector = selector
        self.performance = performance
        self.usbMaxBulkInQueueLength = usbMaxBulkInQueueLength
        self.force = force
    }

    /// The name/value pairs handed to `edgetpu_create_delegate`.
    /// - Throws: `EdgeTPUError.invalidUsbQueueLength` when the queue length is out of range.
    public func delegateOptions() throws -> [(name: String, value: String)] {
        var result = [(name: "Performance", value: performance.optionValue)]
        if let length = usbMaxBulkInQueueLength {
            guard Self.usbQueueLengthRange.contains(length) else {
                throw EdgeTPUError.invalidUsbQueueLength(value: length, allowed: Self.usbQueueLengthRange)
            }
            result.append((name: "Usb.MaxBulkInQueueLength", value: String(length)))
        }
        return result
    }
}
