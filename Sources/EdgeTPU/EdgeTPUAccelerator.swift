import CEdgeTPU
import Foundation
import LiteRT
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The Edge TPU registered as a LiteRT accelerator in one environment.
///
/// The accelerator claims no hardware and says it does not JIT-compile, so LiteRT applies it to every model
/// compiled in its environment, whatever the hardware option: register it only in an environment made for the
/// Edge TPU (as `EdgeTPUSession` does). The alternative — claiming GPU with the JIT flag and compiling with CPU|GPU —
/// would mix it up with LiteRT's real GPU accelerator; claiming NPU makes LiteRT 2.3.0 skip it (it applies NPU
/// accelerators only to models with a DISPATCH_OP).
///
/// When no delegate can be created (no matching device, or it cannot be opened), the accelerator fails the
/// compilation with NotFound and keeps the reason, which `failure` turns into an `EdgeTPUError`.
///
/// LiteRT owns the accelerator and its state from registration on and frees them with the environment; this
/// object keeps the environment alive. Not thread-safe, so not `Sendable`: compile from one thread at a time.
public final class EdgeTPUAccelerator {
    public let environment: Environment
    public let library: EdgeTPULibrary
    public let options: EdgeTPUOptions
    public let compatibility: EdgeTPULibraryCompatibility
    /// `EBEdgeTPUAcceleratorContext*`, owned by LiteRT (valid while `environment` lives).
    private let context: OpaquePointer

    private init(environment: Environment, library: EdgeTPULibrary, options: EdgeTPUOptions,
                 compatibility: EdgeTPULibraryCompatibility, context: OpaquePointer) {
        self.environment = environment
        self.library = library
        self.options = options
        self.compatibility = compatibility
        self.context = context
    }

    /// Registers the Edge TPU accelerator in `environment`.
    /// - Parameters:
    ///   - environment: An environment made for the Edge TPU (the accelerator applies to every model compiled in it).
    ///   - library: The loaded libedgetpu.
    ///   - options: The device to use and how to open it.
    /// - Returns: The registration, which reports why a compilation found no Edge TPU.
    /// - Throws: `EdgeTPUError.unclassifiedRuntime` for a library whose ABI is unknown (unless `options.force`),
    ///   `.invalidUsbQueueLength`, `.missingLiteRTSymbol` when the runtime lacks the registration API,
    ///   `.registrationFailed` when LiteRT refuses.
    @discardableResult
    public static func register(in environment: Environment, library: EdgeTPULibrary, options: EdgeTPUOptions) throws -> EdgeTPUAccelerator {
        let compatibility = try library.compatibility(force: options.force)
        let pairs = try options.delegateOptions()
        var api = try resolveAPI(environment.library)

        // The context copies the option strings; these copies live only for the call.
        var copies: [UnsafeMutablePointer<CChar>] = []
        defer { copies.forEach { free($0) } }
        var cOptions: [EBEdgeTPUOption] = []
        for pair in pairs {
            guard let name = strdup(pair.name) else { throw EdgeTPUError.registrationFailed(function: "strdup", status: EB_ET_STATUS_MEMORY_ALLOCATION_FAILURE) }
            copies.append(name)
            guard let value = strdup(pair.value) else { throw EdgeTPUError.registrationFailed(function: "strdup", status: EB_ET_STATUS_MEMORY_ALLOCATION_FAILURE) }
            copies.append(value)
            cOptions.append(EBEdgeTPUOption(name: name, value: value))
        }
        let deviceType = options.selector.kind?.deviceType ?? EB_EDGETPU_ANY
        let deviceIndex = options.selector.index.map { Int32(clamping: $0) } ?? EB_EDGETPU_ANY
        let created = cOptions.withUnsafeBufferPointer { buffer in
            EBEdgeTPUAcceleratorContextCreate(library.functions, deviceType, deviceIndex, buffer.baseAddress, buffer.count,
                                              compatibility.appliesShim)
        }
        guard let context = created else { throw EdgeTPUError.registrationFailed(function: "calloc", status: EB_ET_STATUS_MEMORY_ALLOCATION_FAILURE) }

        var failedFunction: UnsafePointer<CChar>?
        var ownedByLiteRT = false
        let status = EBEdgeTPURegisterAccelerator(&api, environment.unsafeHandle, context, &failedFunction, &ownedByLiteRT)
        guard status == EB_ET_STATUS_OK else {
            if !ownedByLiteRT { EBEdgeTPUAcceleratorContextDestroy(context) }
            let function = failedFunction.map { String(cString: $0) } ?? "LiteRtRegisterAccelerator"
            throw EdgeTPUError.registrationFailed(function: function, status: status)
        }
        let registration = Registration(library: library, options: options, compatibility: compatibility)
        registrations.withLock { $0[RegistrationKey(context)] = registration }
        return EdgeTPUAccelerator(environment: environment, library: library, options: options,
                                  compatibility: compatibility, context: context)
    }

    /// What Swift knows about a registration, keyed by its C context. Lookups start from the C side, which
    /// forgets a context when LiteRT releases it, so an entry left behind by a destroyed environment is never
    /// returned (a reused address is overwritten by its new registration first).
    private struct Registration: Sendable {
        let library: EdgeTPULibrary
        let options: EdgeTPUOptions
        let compatibility: EdgeTPULibraryCompatibility
    }

    /// A C context's address, used only as a dictionary key (never dereferenced through this value).
    private struct RegistrationKey: Hashable, Sendable {
        let address: UInt
        init(_ context: OpaquePointer) { address = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(context))) }
    }

    private static let registrations = Mutex<[RegistrationKey: Registration]>([:])

    /// The Edge TPU accelerator registered in `environment` (the latest, if several), or nil.
    ///
    /// For code that keeps only the environment (or a compiled model's `model.environment`) and needs to
    /// explain a failed compilation.
    public static func registered(in environment: Environment) -> EdgeTPUAccelerator? {
        guard let context = EBEdgeTPUAcceleratorContextOfEnvironment(environment.unsafeHandle) else { return nil }
        guard let registration = registrations.withLock({ $0[RegistrationKey(context)] }) else { return nil }
        return EdgeTPUAccelerator(environment: environment, library: registration.library, options: registration.options,
                                  compatibility: registration.compatibility, context: context)
    }

    /// Resolves LiteRT's accelerator-registration API from the loaded runtime; each C name is written once, here.
    /// - Throws: `EdgeTPUError.missingLiteRTSymbol` naming the first function the runtime lacks.
    static func resolveAPI(_ runtime: LiteRTLibrary) throws -> EBETRegistrationAPI {
        func symbol<T>(_ name: String) throws -> T {
            guard let address = runtime.rawSymbol(name) else { throw EdgeTPUError.missingLiteRTSymbol(name: name, path: runtime.path) }
            return unsafeBitCast(address, to: T.self)
        }
        return EBETRegistrationAPI(
            createAccelerator: try symbol("LiteRtCreateAccelerator"),
            destroyAccelerator: try symbol("LiteRtDestroyAccelerator"),
            setGetName: try symbol("LiteRtSetAcceleratorGetName"),
            setGetVersion: try symbol("LiteRtSetAcceleratorGetVersion"),
            setGetHardwareSupport: try symbol("LiteRtSetAcceleratorGetHardwareSupport"),
            setDelegateFunction: try symbol("LiteRtSetDelegateFunction"),
            setIsJit: try symbol("LiteRtSetIsAcceleratorDelegateResponsibleForJitCompilation"),
            registerAccelerator: try symbol("LiteRtRegisterAccelerator"),
            wrapDelegate: try symbol("LiteRtWrapDelegate"))
    }

    /// The accelerator's name in the environment's accelerator list.
    public static let name = EB_EDGETPU_ACCELERATOR_NAME

    /// Forgets the outcome of the last compilation (done before each compilation by `EdgeTPUSession`).
    public func resetOutcome() { EBEdgeTPUAcceleratorContextResetOutcome(context) }

    /// Why the last compilation got no Edge TPU delegate, or nil when it got one (or never asked).
    public var failure: EdgeTPUError? {
        let outcome = EBEdgeTPUAcceleratorContextOutcome(context)
        switch outcome {
        case EB_EDGETPU_OUTCOME_NO_DEVICE:
            return .noDevice(library: library.path, requested: options.selector.requestDescription, found: listedDevices)
        case EB_EDGETPU_OUTCOME_OPEN_FAILED:
            let device = String(cString: EBEdgeTPUAcceleratorContextChosenDevice(context)).trimmingCharacters(in: .newlines)
            return .cannotOpenDevice(library: library.path, device: device)
        case EB_EDGETPU_OUTCOME_WRAP_FAILED:
            return .delegateRejected(library: library.path, status: EBEdgeTPUAcceleratorContextWrapStatus(context))
        default:
            return nil
        }
    }

    /// Whether the last compilation got an Edge TPU delegate.
    public var delegateCreated: Bool { EBEdgeTPUAcceleratorContextOutcome(context) == EB_EDGETPU_OUTCOME_CREATED }

    /// The devices libedgetpu listed at the last compilation ("usb:/sys/bus/usb/devices/2-1").
    public var listedDevices: [String] {
        String(cString: EBEdgeTPUAcceleratorContextListedDevices(context)).split(separator: "\n").map(String.init)
    }

    /// How many Edge TPU delegates of this accelerator are alive (one per compiled model that got one).
    public var liveDelegates: Int { Int(EBEdgeTPUAcceleratorContextLiveDelegates(context)) }
}

extension EdgeTPULibrary {
    /// Classifies this library's TensorFlow ABI (see `EdgeTPULibraryCompatibility`) without listing devices.
    /// - Throws: `EdgeTPUError.unclassifiedRuntime` unless `force` is set.
    public func compatibility(force: Bool) throws -> EdgeTPULibraryCompatibility {
        try EdgeTPULibraryCompatibility.classify(describe(devices: []), force: force)
    }
}
