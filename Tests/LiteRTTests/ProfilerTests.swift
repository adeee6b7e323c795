import FixtureSupport
import Foundation
import LiteRT
import Testing

@Suite("LiteRT's per-operator profiler", .serialized, .enabled(if: Fixtures.ready, Comment(rawValue: skipMessage)))
struct ProfilerTests {
    @Test("the event record has LiteRT 2.3.0's size: 104 bytes")
    func eventRecordSize() {
        #expect(Profiler.eventRecordSize == 104)
    }

    @Test("a model compiled without profiling has no profiler")
    func noProfilerByDefault() throws {
        let model = try Fixtures.load("iris_lite.tflite")
        let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1))
        #expect(try compiled.profiler() == nil)
    }

    @Test("with built-in kernels every graph node of mobilenet v2 is one operator event per run, with its node index")
    func builtinNodes() throws {
        let model = try Fixtures.load("mobilenet_v2_1.0_224_quant.tflite")
        let compiled = try CompiledModel(model: model, options: CompilationOptions(threads: 1, kernels: .builtin, profiling: true))
        let profiler = try #require(try compiled.profiler())
        try compiled.run()
        try profiler.start()
        for _ in 0..<3 { try compiled.run() }
        try profiler.stop()
        let events = try profiler.events()
        let operators = events.filter { $0.type == .operatorInvoke }
        #expect(operators.count == 3 * 66)
        #expect(Set(operators.map(\.meta1)) == Set((0..<66).map(UInt64.init)))
        #expect(events.filter { $0.type == .runtimeScope && $0.tag == "Invoke" }.count == 3)
        #expect(operators.first?.tag == "CONV_2D")
        // Reset empties the buffer; reading then gives no events (never a failed call).
        try profiler.reset()
        #expect(try profiler.events().isEmpty)
    }
}
