import CLiteRT
import Foundation

/// A LiteRT environment (`LiteRtEnvironment`): the root object that owns accelerators.
///
/// Owns its handle and destroys it last (models and compiled models keep it alive).
/// Not thread-safe, so not `Sendable`: use one environment from one thread at a time.
public final class Environment {
    public let library: LiteRTLibrary
    let handle: OpaquePointer

    /// How much LiteRT logs (`LiteRtLogSeverity`).
    public enum LogSeverity: Int64, Sendable, CaseIterable {
        case verbose = 0, info = 1, warning = 2, error = 3, silent = 4
    }

    /// Creates an environment.
    /// - Parameters:
    ///   - library: The loaded runtime.
    ///   - runtimeLibraryDirectory: A folder holding LiteRT's optional accelerator libraries
    ///     (`kLiteRtEnvOptionTagRuntimeLibraryDir`); LiteRT registers the GPU accelerator only
    ///     when this points at the folder with `libLiteRtWebGpuAccelerator.so`.
    ///   - logSeverity: The least severe message LiteRT prints (`kLiteRtEnvOptionTagMinLoggerSeverity`).
    ///     Errors by default: LiteRT's info lines would bury edgebench's output.
    /// - Throws: `LiteRTError.callFailed` when the runtime refuses.
    public init(library: LiteRTLibrary, runtimeLibraryDirectory: String? = nil, logSeverity: LogSeverity = .error) throws {
        self.library = library
        var handle: OpaquePointer?
        var severity = EBLiteRtEnvOption()
        severity.tag = EnvironmentOptionTag.minimumLogSeverity.rawValue
        severity.value.type = AnyValueType.int.rawValue
        severity.value.value.intValue = logSeverity.rawValue
        let status: Int32
        if let directory = runtimeLibraryDirectory {
            // Accelerator libraries print notices while registering; keep them off our output.
            status = try NativeOutputCapture.run { directory.withCString { cString in
                var directoryOption = EBLiteRtEnvOption()
                directoryOption.tag = EnvironmentOptionTag.runtimeLibraryDirectory.rawValue
                directoryOption.value.type = AnyValueType.string.rawValue
                directoryOption.value.value.stringValue = cString
                let options = [severity, directoryOption]
                return library.createEnvironment(Int32(options.count), options, &handle)
            } }.result.get()
        } else {
            status = library.createEnvironment(1, &severity, &handle)
        }
        try library.check(status, from: library.createEnvironment, "create an environment")
        guard let handle else {
            throw LiteRTError.callFailed(function: library.name(of: library.createEnvironment), status: .unknown, context: "create an environment", log: "")
        }
        self.handle = handle
    }

    deinit { library.destroyEnvironment(handle) }

    /// The C handle, for modules that register accelerators with LiteRT's C API.
    /// Valid as long as this object lives; never destroy it.
    public var unsafeHandle: OpaquePointer { handle }

    /// An accelerator registered in this environment.
    public struct Accelerator: Hashable, Sendable, Codable {
        public var name: String
        public var hardware: HardwareSet
    }

    /// The accelerators LiteRT registered (the CPU one always; GPU when its library was found).
    public func accelerators() throws -> [Accelerator] {
        var count = 0
        try library.check(library.getNumAccelerators(handle, &count), from: library.getNumAccelerators, "count accelerators")
        var result: [Accelerator] = []
        for index in 0..<count {
            var accelerator: OpaquePointer?
            try library.check(library.getAccelerator(handle, index, &accelerator), from: library.getAccelerator, "read accelerator \(index)")
            var name: UnsafePointer<CChar>?
            var bits: Int32 = 0
            try library.check(library.getAcceleratorName(accelerator, &name), from: library.getAcceleratorName, "read an accelerator name")
            try library.check(library.getAcceleratorHardwareSupport(accelerator, &bits), from: library.getAcceleratorHardwareSupport, "read accelerator hardware")
            result.append(Accelerator(name: name.map { String(cString: $0) } ?? "?", hardware: HardwareSet(rawValue: bits)))
        }
        return result
    }
}

/// A set of hardware kinds (`LiteRtHwAcceleratorSet`).
public struct HardwareSet: OptionSet, Hashable, Sendable, Codable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    /// `kLiteRtHwAcceleratorCpu`
    public static let cpu = HardwareSet(rawValue: 1)
    /// `kLiteRtHwAcceleratorGpu`
    public static let gpu = HardwareSet(rawValue: 2)
    /// `kLiteRtHwAcceleratorNpu`
    public static let npu = HardwareSet(rawValue: 4)

    public var names: [String] {
        var names: [String] = []
        if contains(.cpu) { names.append("cpu") }
        if contains(.gpu) { names.append("gpu") }
        if contains(.npu) { names.append("npu") }
        return names
    }
}
