import EdgeBench
import FixtureSupport
import Foundation
import LiteRT
import ModelFormat
import Results
import Testing

@Suite("Per-operator profiles of real models", .serialized, .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct OperatorProfileTests {
    func profiledBench(_ configurations: [String], profileRuns: Int = 10) throws -> BenchReport {
        var options = BenchOptions()
        options.warmup = 1
        options.runs = 5
        options.minTime = 0
        options.profileRuns = profileRuns
        return try BenchEngine(options: options).run(try configurations.map { try BenchConfiguration.parse($0) }, runtime: nil)
    }

    @Test("with built-in kernels the profile has exactly one entry per operator of the model, named as the reader names it")
    func oneEntryPerOperator() throws {
        let path = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite")
        let reader = try TFLiteModel(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let readerOperators = reader.subgraphs[0].operators
        let report = try profiledBench([path + ":kernels=builtin,threads=1"])
        let profile = try #require(report.results[0].profile)
        #expect(profile.mapping == "nodes")
        #expect(profile.operators.count == readerOperators.count)
        #expect(profile.operators.map(\.node) == readerOperators.map { Optional($0.index) })
        for entry in profile.operators {
            let opcode = reader.operatorCodes[readerOperators[entry.node ?? 0].opcodeIndex].name
            #expect(entry.operatorType == opcode)
            #expect(entry.name == opcode, "the runtime's tag is the operator type")
            #expect(entry.placement == .cpu)
            #expect(entry.count == profile.runs)
        }
        #expect(profile.byOperatorType.map(\.name).contains("CONV_2D"))
        #expect(profile.byOperatorType.reduce(0) { $0 + $1.count } == readerOperators.count * profile.runs)
    }

    /// Operator events are whole microseconds and exclude the runtime's own scopes, so their sum is a little
    /// below the run: within 15% of the run as TFLite's own `Invoke` scope measures it, and never above it
    /// (plus rounding of 1 µs per operator). The wall-clock run is not the yardstick here: on a loaded machine
    /// the process is descheduled between operators (seen: 25 ms of operators in a 41 ms wall-clock run while
    /// two builds ran), which says nothing about the profile.
    @Test("with built-in kernels the operator totals add up to the measured run (TFLite's Invoke scope) within 15%")
    func operatorsAddUpToTheRun() throws {
        let report = try profiledBench([Fixtures.model("mobilenet_v2_1.0_224_quant.tflite") + ":kernels=builtin,threads=1"])
        let profile = try #require(report.results[0].profile)
        let invoke = try #require(profile.invokeMs)
        #expect(profile.operatorsMs <= invoke + Double(profile.operators.count) * 0.001)
        #expect(profile.operatorsMs >= 0.85 * invoke, "operators \(profile.operatorsMs) ms of a \(invoke) ms Invoke scope")
        #expect(profile.operatorsMs <= profile.runMs + Double(profile.operators.count) * 0.001)
        #expect(abs(profile.outsideOperatorsMs - (profile.runMs - profile.operatorsMs)) < 1e-9)
        let shares = profile.operators.reduce(0) { $0 + $1.share }
        #expect(abs(shares - profile.operatorsMs / profile.runMs) < 1e-9)
    }

    @Test("under XNNPACK the delegate's kernels are listed by kernel name, not mapped to operators, and the CPU ops beside them by node")
    func xnnpackKernels() throws {
        let report = try profiledBench([Fixtures.model("mobilenet_v2_1.0_224_quant.tflite") + ":threads=1"])
        let profile = try #require(report.results[0].profile)
        #expect(profile.mapping == "mixed")
        let delegated = profile.operators.filter { $0.placement == .xnnpack }
        #expect(delegated.count == 64)
        #expect(delegated.allSatisfy { $0.node == nil && $0.operatorType == nil && $0.count == profile.runs })
        #expect(profile.operators.filter { $0.placement == .cpu }.compactMap(\.operatorType).sorted() == ["AVERAGE_POOL_2D", "SOFTMAX"])
        #expect(profile.byKernel.contains { $0.name == "Convolution (NHWC, QU8) DWConv" && $0.placement == .xnnpack })
        #expect(profile.notes.contains { $0.contains("do not map back to the model's operators") })
    }

    @Test("every measured configuration reports memory per phase beside the reader's parameter and activation bytes")
    func memory() throws {
        var options = BenchOptions()
        options.warmup = 0
        options.runs = 2
        options.minTime = 0
        let path = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite")
        let report = try BenchEngine(options: options).run([try BenchConfiguration.parse(path)], runtime: nil)
        let memory = try #require(report.results[0].memory)
        let cost = try TFLiteModel(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))).cost()
        #expect(memory.parameterBytes == cost.parameterBytesTotal)
        #expect(memory.peakActivationBytes == cost.peakActivationBytes)
        let resident = try #require(memory.residentAfterFirstRunBytes)
        let peak = try #require(memory.peakResidentBytes)
        #expect(peak >= resident)
        #expect(memory.loadDeltaBytes != nil && memory.compileDeltaBytes != nil && memory.firstRunDeltaBytes != nil)
        #expect(report.results[0].profile == nil, "no profile without --profile")
    }

    @Test("comparing two built-in-kernel profiles diffs by operator type; built-in against XNNPACK is not compared")
    func diffs() throws {
        let quant = Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"), float = Fixtures.model("mobilenet_v2_1.0_224_float_dq.tflite")
        let report = try profiledBench([float + ":kernels=builtin,threads=1", quant + ":kernels=builtin,threads=1", quant + ":threads=1"], profileRuns: 3)
        #expect(report.results[0].profileDiff == nil)
        let byType = try #require(report.results[1].profileDiff)
        #expect(byType.basis == "operator_type")
        #expect(Set(byType.rows.map(\.name)).isSuperset(of: ["CONV_2D", "DEPTHWISE_CONV_2D", "ADD"]))
        #expect(zip(byType.rows, byType.rows.dropFirst()).allSatisfy { abs($0.deltaMs) >= abs($1.deltaMs) })
        let mixed = try #require(report.results[2].profileDiff)
        #expect(mixed.basis == nil)
        #expect(mixed.rows.isEmpty)
        #expect(mixed.note?.contains("not compared") == true)
    }
}

@Suite("Per-operator profiles built from events", .enabled(if: Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
struct OperatorProfileFromEventsTests {
    @Test("an Edge TPU model's custom op, and a delegate kernel node past the file's operators, are Edge TPU events; the rest are CPU")
    func edgeTPUPlacement() throws {
        let path = Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite")
        let reader = try TFLiteModel(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let operators = reader.subgraphs[0].operators
        let custom = try #require(operators.firstIndex { reader.operatorCodes[$0.opcodeIndex].name.contains("edgetpu-custom-op") })
        func event(_ tag: String, _ type: ProfilerEventType, node: Int, microseconds: UInt64) -> ProfilerEvent {
            ProfilerEvent(tag: tag, type: type, startMicroseconds: 1, elapsedMicroseconds: microseconds, meta1: UInt64(node), meta2: 0)
        }
        var events: [ProfilerEvent] = []
        for _ in 0..<2 {
            events.append(event("Invoke", .runtimeScope, node: 0, microseconds: 3000))
            events.append(event("edgetpu-custom-op", .operatorInvoke, node: custom, microseconds: 2500))
            events.append(event("EdgeTpuDelegate", .operatorInvoke, node: operators.count + 1, microseconds: 100))
            events.append(event("Invoke", .telemetry, node: 0, microseconds: 1 << 32))
        }
        let profile = OperatorProfile(events: events, runs: 2, wallMs: [3.2, 3.2], model: reader, backend: .edgetpu)
        #expect(profile.operators.map(\.placement) == [.edgetpu, .edgetpu])
        #expect(profile.operators.map(\.count) == [2, 2])
        #expect(abs(profile.operatorsMs - 2.6) < 1e-9)
        #expect(abs(try #require(profile.invokeMs) - 3.0) < 1e-9)
        #expect(profile.notes.contains { $0.contains("untested on hardware") })
    }
}

@Suite("Resident memory from /proc/self/status")
struct ProcessMemoryTests {
    @Test("on Linux the process's resident and peak resident memory are read, and the peak is never below the current")
    func reads() throws {
        let memory = try #require(ProcessMemory.read())
        #expect(memory.residentBytes > 0)
        #expect(memory.peakResidentBytes >= memory.residentBytes)
    }
}
