import FixtureSupport
import Foundation
import LiteRT
import Testing

/// Threads and kernel mode must really reach LiteRT: 2.3.0 silently ignores them unless the
/// TOML payload is attached under both "xnnpack" and "cpu_delegate".
@Suite("CPU options take effect", .serialized, .enabled(if: Fixtures.ready, Comment(rawValue: skipMessage)))
struct CPUOptionsTests {
    @Test("the payload names kernels and threads in TOML")
    func payload() {
        let options = CompilationOptions(threads: 2, kernels: .builtin)
        #expect(options.cpuPayload == "kernel_mode = \"builtin\"\nnum_threads = 2\n")
        #expect(CompilationOptions().cpuPayload == nil)
    }

    @Test("reference kernels agree with xnnpack on the top class")
    func referenceAgrees() throws {
        let model = try Fixtures.load("mobilenet_v1_0.25_128_quant.tflite")
        func topClass(_ kernels: CPUKernels) throws -> Int {
            let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1, kernels: kernels))
            let pattern = (0..<compiled.inputs[0].tensorByteCount).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try pattern.withUnsafeBytes { try compiled.inputs[0].write($0) }
            try compiled.run()
            let scores = try compiled.outputs[0].bytes()
            return scores.indices.max { scores[$0] < scores[$1] } ?? -1
        }
        #expect(try topClass(.reference) == topClass(.xnnpack))
    }

    @Test("two threads start a worker thread that one thread does not")
    func threadsReachRuntime() throws {
        let model = try Fixtures.load("mobilenet_v2_1.0_224_quant.tflite")
        func threadsAfterRun(_ threads: Int) throws -> Int {
            let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: threads, kernels: .xnnpack))
            try compiled.run()
            return (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
        }
        let one = try threadsAfterRun(1)
        let two = try threadsAfterRun(2)
        #expect(two > one, "threads=2 left \(two) threads, threads=1 left \(one)")
    }

    @Test("reference kernels are much slower than xnnpack on MobileNet v1 (best of 3 runs each)")
    func referenceIsSlower() throws {
        let model = try Fixtures.load("mobilenet_v1_0.25_128_quant.tflite")
        func bestRun(_ kernels: CPUKernels) throws -> Duration {
            let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1, kernels: kernels))
            try compiled.run()
            let clock = ContinuousClock()
            return try (0..<3).map { _ in try clock.measure { try compiled.run() } }.min() ?? .zero
        }
        let fast = try bestRun(.xnnpack)
        let slow = try bestRun(.reference)
        // Measured here: reference ≈ 20–60x xnnpack. A factor of 3 leaves room for a noisy machine.
        #expect(slow > fast * 3, "reference \(slow) vs xnnpack \(fast)")
    }
}
