import CLiteRT
import Foundation

/// A tensor buffer managed by LiteRT (`LiteRtTensorBuffer`), sized and aligned by the runtime.
///
/// Host access goes through `withBytes` / `write`, which lock the buffer, check the size and unlock.
/// Not thread-safe, so not `Sendable`.
public final class TensorBuffer {
    let environment: Environment
    let handle: OpaquePointer
    /// The tensor this buffer holds, with the shape LiteRT allocated (updated when a run changes it).
    public internal(set) var info: TensorInfo
    /// The buffer's size in bytes as LiteRT allocated it (checked to be at least the tensor's size).
    public let byteCount: Int
    /// Where LiteRT put the buffer's memory (host memory on the CPU; GPU types otherwise).
    public let bufferType: TensorBufferType

    init(environment: Environment, handle: OpaquePointer, info: TensorInfo) throws {
        self.environment = environment
        self.handle = handle
        self.info = info
        let library = environment.library
        var size = 0
        var type: Int32 = 0
        do {
            try library.check(library.getTensorBufferSize(handle, &size), from: library.getTensorBufferSize, "size the buffer of '\(info.name)'")
            try library.check(library.getTensorBufferType(handle, &type), from: library.getTensorBufferType, "read the buffer type of '\(info.name)'")
        } catch {
            library.destroyTensorBuffer(handle)
            throw error
        }
        guard let needed = info.byteCount, size >= needed else {
            library.destroyTensorBuffer(handle)
            throw LiteRTError.bufferTooSmall(tensor: info.name, shape: info.shape, neededBytes: info.byteCount ?? -1, bufferBytes: size)
        }
        byteCount = size
        bufferType = TensorBufferType(rawValue: type)
    }

    deinit { environment.library.destroyTensorBuffer(handle) }

    /// The number of meaningful bytes: the tensor's size (the buffer may be padded, never smaller).
    public var tensorByteCount: Int { info.byteCount ?? 0 }

    /// Copies `bytes` into the buffer.
    /// - Throws: `LiteRTError.inputSizeMismatch` when the size differs from the tensor's,
    ///   `LiteRTError.callFailed` when the buffer cannot be locked.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count == tensorByteCount else {
            throw LiteRTError.inputSizeMismatch(tensor: info.name, expectedBytes: tensorByteCount, actualBytes: bytes.count)
        }
        try withLocked(mode: .write) { destination in
            if let source = bytes.baseAddress, let target = destination.baseAddress {
                target.copyMemory(from: source, byteCount: bytes.count)
            }
        }
    }

    /// Calls `body` with the tensor's bytes (read lock held meanwhile).
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        try withLocked(mode: .read) { try body(UnsafeRawBufferPointer($0)) }
    }

    /// A copy of the tensor's bytes.
    public func bytes() throws -> [UInt8] { try withBytes { Array($0) } }

    private func withLocked<T>(mode: TensorBufferLockMode, _ body: (UnsafeMutableRawBufferPointer) throws -> T) throws -> T {
        let library = environment.library
        var address: UnsafeMutableRawPointer?
        try library.check(library.lockTensorBuffer(handle, &address, mode.rawValue), from: library.lockTensorBuffer, "lock the buffer of '\(info.name)'")
        defer { _ = library.unlockTensorBuffer(handle) }
        guard let address else {
            throw LiteRTError.callFailed(function: library.name(of: library.lockTensorBuffer), status: .unknown, context: "map the buffer of '\(info.name)'", log: "")
        }
        return try body(UnsafeMutableRawBufferPointer(start: address, count: tensorByteCount))
    }
}
