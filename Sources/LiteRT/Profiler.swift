import CLiteRT
import Foundation

/// What kind of work a profiler event timed (TFLite's `ProfileEvent::EventType`, a bit set in C).
public struct ProfilerEventType: RawRepresentable, Hashable, Sendable, Codable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `DEFAULT` (1): a runtime scope such as `Invoke` or `LiteRT::Run[Buffer sync]`.
    public static let runtimeScope = ProfilerEventType(rawValue: 1)
    /// `OPERATOR_INVOKE_EVENT` (2): one TFLite node run by a CPU kernel (meta1 = node index, meta2 = subgraph);
    /// a delegate's own node (an Edge TPU custom op) is one such event.
    public static let operatorInvoke = ProfilerEventType(rawValue: 2)
    /// `DELEGATE_OPERATOR_INVOKE_EVENT` (8): an operator inside a delegate (XNNPACK, GPU dispatches).
    public static let delegateOperatorInvoke = ProfilerEventType(rawValue: 8)
    /// `GENERAL_RUNTIME_INSTRUMENTATION_EVENT` (16).
    public static let runtimeInstrumentation = ProfilerEventType(rawValue: 16)
    /// `TELEMETRY_EVENT` (32): its elapsed field is a packed status, not a time.
    public static let telemetry = ProfilerEventType(rawValue: 32)
}

/// One recorded event, copied out of the runtime (tags live only as long as the compiled model).
public struct ProfilerEvent: Sendable, Equatable {
    public var tag: String
    public var type: ProfilerEventType
    public var startMicroseconds: UInt64
    public var elapsedMicroseconds: UInt64
    public var meta1: UInt64
    public var meta2: UInt64

    public init(tag: String, type: ProfilerEventType, startMicroseconds: UInt64, elapsedMicroseconds: UInt64, meta1: UInt64, meta2: UInt64) {
        self.tag = tag
        self.type = type
        self.startMicroseconds = startMicroseconds
        self.elapsedMicroseconds = elapsedMicroseconds
        self.meta1 = meta1
        self.meta2 = meta2
    }
}

/// The per-operator profiler of a compiled model that was compiled with `CompilationOptions.profiling`.
///
/// Borrowed: the compiled model owns the C profiler and frees it; this object keeps the compiled
/// model alive and never destroys the handle. Not thread-safe (like its compiled model), so not `Sendable`.
public final class Profiler {
    public let compiledModel: CompiledModel
    private let handle: OpaquePointer

    init(compiledModel: CompiledModel, handle: OpaquePointer) {
        self.compiledModel = compiledModel
        self.handle = handle
    }

    private var library: LiteRTLibrary { compiledModel.model.environment.library }

    /// Starts recording; clears what was recorded before.
    public func start() throws {
        try library.check(library.startProfiler(handle), from: library.startProfiler, "start profiling \(compiledModel.model.name)")
    }

    /// Stops recording; the events stay readable.
    public func stop() throws {
        try library.check(library.stopProfiler(handle), from: library.stopProfiler, "stop profiling \(compiledModel.model.name)")
    }

    /// Drops the recorded events (the buffer holds a fixed number of entries, then drops events).
    public func reset() throws {
        try library.check(library.resetProfiler(handle), from: library.resetProfiler, "reset the profiler of \(compiledModel.model.name)")
    }

    /// The events recorded since the last start or reset, with their tags copied.
    /// - Throws: `LiteRTError.callFailed` when the runtime refuses to hand them out.
    public func events() throws -> [ProfilerEvent] {
        var count = 0
        try library.check(library.getNumProfilerEvents(handle, &count), from: library.getNumProfilerEvents, "count the profiler events of \(compiledModel.model.name)")
        // LiteRtGetProfilerEvents rejects a count of 0.
        guard count > 0 else { return [] }
        var raw = [EBLiteRtProfiledEvent](repeating: EBLiteRtProfiledEvent(), count: count)
        let status = raw.withUnsafeMutableBufferPointer { library.getProfilerEvents(handle, count, $0.baseAddress) }
        try library.check(status, from: library.getProfilerEvents, "read \(count) profiler events of \(compiledModel.model.name)")
        return raw.map { event in
            ProfilerEvent(tag: event.tag.map { String(cString: $0) } ?? "", type: ProfilerEventType(rawValue: event.type),
                          startMicroseconds: event.startMicroseconds, elapsedMicroseconds: event.elapsedMicroseconds,
                          meta1: event.meta1, meta2: event.meta2)
        }
    }

    /// The size of the C event record, which must match LiteRT 2.3.0's (104 bytes on 64-bit Linux).
    public static let eventRecordSize = MemoryLayout<EBLiteRtProfiledEvent>.size
}

extension CompiledModel {
    /// The model's profiler, or nil when it was not compiled with `CompilationOptions.profiling`.
    /// - Throws: `LiteRTError.callFailed` when the runtime fails the query.
    public func profiler() throws -> Profiler? {
        let library = model.environment.library
        var profiler: OpaquePointer?
        try library.check(library.compiledModelGetProfiler(handle, &profiler), from: library.compiledModelGetProfiler, "get the profiler of \(model.name)")
        return profiler.map { Profiler(compiledModel: self, handle: $0) }
    }
}
