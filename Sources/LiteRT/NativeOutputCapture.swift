import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Captures what native code prints on file descriptor 2 while a block runs.
///
/// LiteRT reports the reason for a failure only in its log, so compile and first-run calls are
/// wrapped: on failure the log becomes part of the error; on success it is kept for `--verbose`.
/// Process-wide (it swaps fd 2): callers must not capture from two threads at once.
enum StderrCapture {
    static func run<T>(_ body: () throws -> T) -> (result: Result<T, Error>, log: String) {
        fflush(nil)  // flush every C stream, stderr included
        var template = Array("/tmp/edgebench-log-XXXXXX".utf8CString)
        let fileDescriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let saved = dup(2)
        guard fileDescriptor >= 0, saved >= 0 else {
            if fileDescriptor >= 0 { close(fileDescriptor) }
            if saved >= 0 { close(saved) }
            return (Result { try body() }, "")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(path)  // the open descriptor keeps the file readable; nothing is left behind
        dup2(fileDescriptor, 2)
        let result = Result { try body() }
        fflush(nil)  // flush every C stream, stderr included
        dup2(saved, 2)
        close(saved)
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
