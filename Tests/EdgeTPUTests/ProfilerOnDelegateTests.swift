import FixtureSupport
import CEdgeTPU
import CEdgeTPUTestSupport
import Foundation
@testable import EdgeTPU
import LiteRT
import Testing

extension EdgeTPUOnLiteRT {
    @Suite("The profiler sees a TF 2.5-layout delegate's kernel as one operator event",
           .enabled(if: Fixtures.ready, Comment(rawValue: runtimeSkip)))
    struct ProfilerOnDelegateTests {
        @Test("each delegated node is one type-2 event per run, timed apart from the CPU ops around it")
        func delegateKernelIsOneEvent() throws {
            EBTestFakeReset(1, EB_EDGETPU_DEVICE_USB, true)
            let session = try EdgeTPUSession(runtime: Fixtures.runtime(), library: fakeLibrary(),
                                             options: EdgeTPUOptions(selector: try EdgeTPUDeviceSelector(parsing: "usb"), force: true))
            let compiled = try session.compile(bytes: Fixtures.modelBytes("iris_lite.tflite"), name: "iris_lite.tflite",
                                               options: CompilationOptions(threads: 1, kernels: .builtin, profiling: true))
            let profiler = try #require(try compiled.profiler())
            let input: [Float] = [5.9, 3.0, 5.1, 1.8]
            try input.withUnsafeBytes { try compiled.inputs[0].write($0) }
            try compiled.run()
            try profiler.start()
            try compiled.run()
            try compiled.run()
            try profiler.stop()
            let events = try profiler.events().filter { $0.type == .operatorInvoke }
            let replaced = Int(EBTestFakeGetStats().replaceCalls)
            #expect(replaced == 2, "iris_lite has two FULLY_CONNECTED nodes")
            // LiteRT appends one node per delegate kernel, after the file's three operators.
            let delegated = events.filter { $0.tag == "EdgebenchFakeEdgeTpu" }
            #expect(delegated.count == 2 * replaced)
            #expect(delegated.allSatisfy { $0.meta1 >= 3 })
            let cpu = events.filter { $0.tag != "EdgebenchFakeEdgeTpu" }
            #expect(cpu.map(\.tag) == ["SOFTMAX", "SOFTMAX"])
            #expect(cpu.allSatisfy { $0.meta1 == 2 })
        }
    }
}
