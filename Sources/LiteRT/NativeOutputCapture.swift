import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Captures what native code prints on file descriptors 1 and 2 while a block runs.
///
/// LiteRT reports the reason for a failure only in its log, so compile and first-run calls are
/// wrapped: on failure the log becomes part of the error. Standard output is captured too, because
/// the GPU accelerator prints notices there, which would corrupt `--format json` output.
/// Process-wide (it swaps fds 1 and 2): captures are serialised by a lock so that two threads never
/// interleave their swaps (which would leave fd 1 or 2 pointing at a closed file).
enum NativeOutputCapture {
    /// Guards the process's file descriptors rather than a value, around a generic body whose result is not
    /// `Sendable` — which `Mutex.withLock` (it returns `sending` results) cannot carry; `NSLock` is `Sendable`.
    private static let lock = NSLock()

    static func run<T>(_ body: () throws -> T) -> (result: Result<T, Error>, log: String) {
        lock.lock()
        defer { lock.unlock() }
        fflush(nil)  // flush every C stream, stderr included
        var template = Array("/tmp/edgebench-log-XXXXXX".utf8CString)
        let fileDescriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let savedError = dup(2)
        let savedOutput = dup(1)
        guard fileDescriptor >= 0, savedError >= 0, savedOutput >= 0 else {
            for descriptor in [fileDescriptor, savedError, savedOutput] where descriptor >= 0 { close(descriptor) }
            return (Result { try body() }, "")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(path)  // the open descriptor keeps the file readable; nothing is left behind
        dup2(fileDescriptor, 2)
        dup2(fileDescriptor, 1)
        let result = Result { try body() }
        fflush(nil)  // flush every C stream, stdout and stderr included
        dup2(savedError, 2)
        dup2(savedOutput, 1)
        close(savedError)
        close(savedOutput)
        var log = ""
        let size = lseek(fileDescriptor, 0, SEEK_END)
        if size > 0 {
            let capped = min(Int(size), 64 * 1024)
            var bytes = [UInt8](repeating: 0, count: capped)
            let count = bytes.withUnsafeMutableBytes { pread(fileDescriptor, $0.baseAddress, capped, 0) }
            if count > 0 { log = String(decoding: bytes.prefix(count), as: UTF8.self) }
        }
        close(fileDescriptor)
        return (result, log)
    }
}
