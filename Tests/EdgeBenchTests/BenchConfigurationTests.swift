import FixtureSupport
import EdgeBench
import LiteRT
import Testing

@Suite("Configuration syntax MODEL[@DEVICE][:key=value,...]")
struct BenchConfigurationTests {
    @Test("a bare model runs on the CPU with the defaults")
    func bare() throws {
        let configuration = try BenchConfiguration.parse("models/m.tflite")
        #expect(configuration.modelPath == "models/m.tflite")
        #expect(configuration.settings.backend == .cpu)
        #expect(configuration.settings.threads == nil)
    }

    @Test("options after the model set threads and kernels")
    func options() throws {
        let configuration = try BenchConfiguration.parse("m.tflite:threads=1,kernels=builtin")
        #expect(configuration.modelPath == "m.tflite")
        #expect(configuration.settings.threads == 1)
        #expect(configuration.settings.kernels == .builtin)
        #expect(configuration.label == "m.tflite cpu builtin 1 thread")
    }

    @Test("Edge TPU devices use pycoral's selectors, split on the last '@'",
          arguments: [("m_edgetpu.tflite@usb", "usb"), ("m_edgetpu.tflite@usb:0", "usb:0"), ("m@x_edgetpu.tflite@pci:1", "pci:1"), ("m_edgetpu.tflite@:0", ":0")])
    func edgeTPUDevices(_ text: String, _ device: String) throws {
        let configuration = try BenchConfiguration.parse(text)
        #expect(configuration.settings.backend == .edgetpu)
        #expect(configuration.settings.device == device)
        #expect(configuration.modelPath.hasSuffix("_edgetpu.tflite"))
    }

    @Test("a device and options together")
    func deviceAndOptions() throws {
        let configuration = try BenchConfiguration.parse("m.tflite@usb:0:threads=2")
        #expect(configuration.settings.device == "usb:0")
        #expect(configuration.settings.threads == 2)
        let gpu = try BenchConfiguration.parse("f.tflite@gpu:precision=fp16,fallback=true")
        #expect(gpu.settings.backend == .gpu)
        #expect(gpu.settings.gpuPrecision == .fp16)
        #expect(gpu.settings.gpuFallback)
    }

    @Test("mistakes are refused with the reason", arguments: ["m.tflite@tpu", "m.tflite:threads=0", "m.tflite:kernels=fast", "m.tflite:speed=1", "@usb"])
    func invalid(_ text: String) {
        #expect(throws: EdgeBenchError.self) { try BenchConfiguration.parse(text) }
    }

    @Test("bench sweeps models × backends × threads × kernels, without duplicates")
    func sweep() throws {
        let configurations = try BenchConfiguration.sweep(models: ["a.tflite", "b.tflite"], backends: [.cpu], threads: [1, 2],
                                                          kernels: [.xnnpack, .builtin])
        #expect(configurations.count == 8)
        #expect(Set(configurations).count == 8)
        let pinned = try BenchConfiguration.sweep(models: ["e_edgetpu.tflite@usb"], backends: [.cpu, .gpu], threads: [nil], kernels: [.xnnpack])
        #expect(pinned.map(\.settings.backend) == [.edgetpu])
    }
}

@Suite("Edge TPU co-compilation notes", .enabled(if: Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
struct CoCompilationTests {
    @Test("Edge TPU models with different caching tokens measured together are noted; a single one is not")
    func differentTokens() throws {
        let one = try BenchConfiguration.parse(Fixtures.model("mobilenet_v1_0.25_128_quant_edgetpu.tflite") + "@usb")
        let two = try BenchConfiguration.parse(Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite") + "@usb")
        #expect(BenchAnalysis.coCompilationNotes([one]).isEmpty)
        let notes = BenchAnalysis.coCompilationNotes([one, two])
        #expect(notes.contains { $0.contains("different caching tokens") })
    }
}
