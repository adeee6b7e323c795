import Foundation

/// An Edge TPU libedgetpu lists.
public struct EdgeTPUDevice: Hashable, Sendable, Codable, CustomStringConvertible {
    public var type: EdgeTPUDeviceSelector.Kind
    /// libedgetpu's path: `/sys/bus/usb/devices/<bus>-<port>` for USB, `/dev/apex_N` for PCIe.
    public var path: String
    /// The USB link speed read from sysfs (`<path>/speed`): 480 = USB 2, 5000 = USB 3; nil for PCIe or unknown.
    public var usbSpeedMbps: Int?

    enum CodingKeys: String, CodingKey {
        case type, path
        case usbSpeedMbps = "usb_speed_mbps"
    }

    /// Creates a device, reading the USB link speed from sysfs for USB paths.
    public init(type: EdgeTPUDeviceSelector.Kind, path: String, usbSpeedMbps: Int? = nil) {
        self.type = type
        self.path = path
        self.usbSpeedMbps = usbSpeedMbps ?? (type == .usb ? Self.sysfsSpeed(path) : nil)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(EdgeTPUDeviceSelector.Kind.self, forKey: .type)
        path = try container.decode(String.self, forKey: .path)
        usbSpeedMbps = try container.decodeIfPresent(Int.self, forKey: .usbSpeedMbps)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(path, forKey: .path)
        try container.encode(usbSpeedMbps, forKey: .usbSpeedMbps)  // null, not absent, when unknown
    }

    /// "usb:/sys/bus/usb/devices/2-1".
    public var description: String { "\(type.rawValue):\(path)" }

    /// A warning worth showing with the device, or nil.
    public var note: String? {
        guard type == .usb, let speed = usbSpeedMbps else { return nil }
        if speed <= 480 {
            return "connected at \(speed) Mb/s (USB 2): expect inference about 4x slower than on a USB 3 port; use a USB 3 port and cable"
        }
        return nil
    }

    /// Reads `<path>/speed` when `path` is a sysfs USB device folder.
    static func sysfsSpeed(_ path: String) -> Int? {
        guard path.hasPrefix("/sys/") else { return nil }
        guard let text = try? String(contentsOfFile: path + "/speed", encoding: .utf8) else { return nil }
        // The file holds a decimal number of Mb/s, e.g. "480" or "5000" ("1.5" for low speed).
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return Int(trimmed) ?? Double(trimmed).flatMap { Int(exactly: $0.rounded()) }  // "nan" or "1e300" must not trap
    }
}

/// Which clock a libedgetpu build runs the Edge TPU at, read from the `PERFORMANCE=` string in the file.
public enum EdgeTPUBuild: String, Hashable, Sendable, Codable {
    /// `PERFORMANCE=DIRECT`: Coral's `libedgetpu1-max`, the Edge TPU at its maximum clock (500 MHz);
    /// faster, and the USB Accelerator runs hot.
    case direct
    /// `PERFORMANCE=THROTTLED`: Coral's `libedgetpu1-std`, the reduced default clock.
    case throttled

    /// The Coral package that installs this build.
    public var package: String { self == .direct ? "libedgetpu1-max" : "libedgetpu1-std" }
}

/// What edgebench knows about an Edge TPU runtime: the library, its versions and the devices it lists.
public struct EdgeTPURuntimeInfo: Hashable, Sendable, Codable {
    /// The library file.
    public var library: String
    /// `edgetpu_version()`.
    public var version: String
    /// The N of "RuntimeVersion(N)" in `version`.
    public var runtimeVersion: Int?
    /// Direct (max clock) or throttled (std clock); nil when the file does not say.
    public var build: EdgeTPUBuild?
    /// The TensorFlow commit the library was built against (`TENSORFLOW_COMMIT=` in the file).
    public var tensorflowCommit: String?
    public var devices: [EdgeTPUDevice]

    enum CodingKeys: String, CodingKey {
        case library, version, build, devices
        case runtimeVersion = "runtime_version"
        case tensorflowCommit = "tensorflow_commit"
    }

    public init(library: String, version: String, runtimeVersion: Int?, build: EdgeTPUBuild?, tensorflowCommit: String?,
                devices: [EdgeTPUDevice]) {
        self.library = library
        self.version = version
        self.runtimeVersion = runtimeVersion
        self.build = build
        self.tensorflowCommit = tensorflowCommit
        self.devices = devices
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        library = try container.decode(String.self, forKey: .library)
        version = try container.decode(String.self, forKey: .version)
        runtimeVersion = try container.decodeIfPresent(Int.self, forKey: .runtimeVersion)
        build = try container.decodeIfPresent(EdgeTPUBuild.self, forKey: .build)
        tensorflowCommit = try container.decodeIfPresent(String.self, forKey: .tensorflowCommit)
        devices = try container.decode([EdgeTPUDevice].self, forKey: .devices)
    }

    /// Encodes every key; unknown values are `null`, never left out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(library, forKey: .library)
        try container.encode(version, forKey: .version)
        try container.encode(runtimeVersion, forKey: .runtimeVersion)
        try container.encode(build, forKey: .build)
        try container.encode(tensorflowCommit, forKey: .tensorflowCommit)
        try container.encode(devices, forKey: .devices)
    }
}

extension EdgeTPULibrary {
    /// The library's version, build and the devices it lists now.
    /// A library file without markers (or unreadable) leaves `build` and `tensorflowCommit` nil.
    public func runtimeInfo() -> EdgeTPURuntimeInfo { describe(devices: devices()) }

    /// The library's version and file markers, with the given devices.
    func describe(devices: [EdgeTPUDevice]) -> EdgeTPURuntimeInfo {
        let version = self.version
        return EdgeTPURuntimeInfo(library: path, version: version, runtimeVersion: EdgeTPULibraryFile.runtimeVersion(in: version),
                                  build: build, tensorflowCommit: tensorflowCommit, devices: devices)
    }
}

/// Reads the build markers libedgetpu's build embeds in the file as plain strings.
enum EdgeTPULibraryFile {
    /// Files larger than this are not scanned (libedgetpu 16.0 is about 1.2 MB).
    static let maximumScannedBytes = 64 << 20
    /// The longest marker value accepted.
    static let maximumValueLength = 128

    static func markers(atPath path: String) -> (build: EdgeTPUBuild?, tensorflowCommit: String?) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int, size <= maximumScannedBytes,
              let data = FileManager.default.contents(atPath: path) else { return (nil, nil) }
        let build: EdgeTPUBuild?
        switch value(after: "PERFORMANCE=", in: data) {
        case "DIRECT": build = .direct
        case "THROTTLED": build = .throttled
        default: build = nil
        }
        return (build, value(after: "TENSORFLOW_COMMIT=", in: data))
    }

    /// The printable ASCII run (no spaces) that follows the first occurrence of `marker`, or nil.
    static func value(after marker: String, in data: Data) -> String? {
        guard let found = data.range(of: Data(marker.utf8)) else { return nil }
        let tail = data[found.upperBound...].prefix(maximumValueLength)
        let value = tail.prefix { (0x21...0x7E).contains($0) }
        return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
    }

    /// The N of "RuntimeVersion(N)".
    static func runtimeVersion(in version: String) -> Int? {
        guard let range = version.range(of: "RuntimeVersion(") else { return nil }
        let digits = version[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, version[range.upperBound...].dropFirst(digits.count).first == ")" else { return nil }
        return Int(digits)
    }
}
