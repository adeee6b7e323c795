import LiteRT

/// A LiteRT environment with the Edge TPU accelerator registered, that compiles models for the Edge TPU.
///
/// This is the one way edgebench compiles for the Edge TPU (the tool's Edge TPU backend makes its environment
/// with it and compiles through it). Each session owns its environment (the accelerator applies to every model compiled
/// in it). Compiled models keep the environment alive, so they may outlive the session object. Not thread-safe.
public final class EdgeTPUSession {
    public let accelerator: EdgeTPUAccelerator
    public var environment: Environment { accelerator.environment }
    public var library: EdgeTPULibrary { accelerator.library }

    /// Creates an environment and registers the Edge TPU in it.
    /// - Parameters:
    ///   - runtime: The loaded LiteRT runtime.
    ///   - library: The loaded libedgetpu.
    ///   - options: The device and how to open it.
    ///   - logSeverity: LiteRT's log level.
    /// - Throws: `LiteRTError` when the environment cannot be made; `EdgeTPUError` from `EdgeTPUAccelerator.register`.
    public init(runtime: LiteRTLibrary, library: EdgeTPULibrary, options: EdgeTPUOptions = EdgeTPUOptions(),
                logSeverity: Environment.LogSeverity = .error) throws {
        let environment = try Environment(library: runtime, logSeverity: logSeverity)
        accelerator = try EdgeTPUAccelerator.register(in: environment, library: library, options: options)
    }

    /// The session of an environment in which the Edge TPU accelerator was registered (for code that keeps only
    /// the environment, or a model's `environment`), or nil when none was.
    public init?(registeredIn environment: Environment) {
        guard let accelerator = EdgeTPUAccelerator.registered(in: environment) else { return nil }
        self.accelerator = accelerator
    }

    /// Compiles a model loaded in this session's environment for the Edge TPU.
    /// - Parameters:
    ///   - model: A model loaded in ``environment``.
    ///   - options: LiteRT compilation options for the ops that stay on the CPU.
    ///   - inputShapes: Concrete shapes for inputs with dynamic dimensions, by input index.
    /// - Returns: The compiled model; its Edge TPU ops run through libedgetpu's delegate.
    /// - Throws: `EdgeTPUError.noDevice` ("no Edge TPU found") when no device matched the selector,
    ///   `.cannotOpenDevice` or `.delegateRejected` for the other ways a delegate could not be made;
    ///   `LiteRTError` when LiteRT rejects the model for other reasons.
    public func compile(_ model: Model, options: CompilationOptions = CompilationOptions(), inputShapes: [Int: [Int]] = [:]) throws -> CompiledModel {
        accelerator.resetOutcome()
        do {
            return try CompiledModel(model: model, options: options, inputShapes: inputShapes)
        } catch {
            if let failure = accelerator.failure { throw failure }
            throw error
        }
    }

    /// Loads and compiles a model for the Edge TPU.
    /// - Parameters:
    ///   - bytes: The complete .tflite file (typically compiled by the Edge TPU Compiler, `*_edgetpu.tflite`).
    ///   - name: The file name, for messages.
    ///   - options: LiteRT compilation options for the ops that stay on the CPU.
    /// - Returns: The compiled model; its Edge TPU ops run through libedgetpu's delegate.
    /// - Throws: `EdgeTPUError.noDevice` ("no Edge TPU found") when no device matched the selector,
    ///   `.cannotOpenDevice` or `.delegateRejected` for the other ways a delegate could not be made;
    ///   `LiteRTError` when LiteRT rejects the model for other reasons.
    public func compile(bytes: [UInt8], name: String, options: CompilationOptions = CompilationOptions()) throws -> CompiledModel {
        try compile(try Model(bytes: bytes, name: name, environment: environment), options: options)
    }

    /// Makes a session and compiles one model in it.
    /// - Returns: The compiled model (it keeps the session's environment alive).
    /// - Throws: As `init` and `compile(bytes:name:options:)`.
    public static func compile(bytes: [UInt8], name: String, runtime: LiteRTLibrary, library: EdgeTPULibrary,
                               options: EdgeTPUOptions = EdgeTPUOptions(),
                               compilation: CompilationOptions = CompilationOptions()) throws -> CompiledModel {
        try EdgeTPUSession(runtime: runtime, library: library, options: options).compile(bytes: bytes, name: name, options: compilation)
    }
}
