@testable import EdgeBench
import EdgeTPU
import FixtureSupport
import Foundation
import LiteRT
import Testing

@Suite("Backends: one driver per backend for its needs, compilation, failures and description")
struct BackendDriverTests {
    @Test("every backend has its own driver, and the driver names it")
    func oneDriverPerBackend() {
        for backend in Backend.allCases {
            #expect(backend.driver.backend == backend)
        }
        #expect(Backend.cpu.driver is CPUBackend)
        #expect(Backend.gpu.driver is GPUBackend)
        #expect(Backend.edgetpu.driver is EdgeTPUBackend)
    }

    @Test("each backend describes its settings and drops the settings of the others")
    func descriptions() throws {
        var cpu = RunSettings(backend: .cpu, threads: 1, kernels: .builtin, gpuPrecision: .fp16, edgetpuPerformance: .low)
        #expect(cpu.summary == "cpu builtin 1 thread")
        #expect(cpu.relevantToBackend.gpuPrecision == nil && cpu.relevantToBackend.edgetpuPerformance == nil)
        cpu.threads = 2
        #expect(cpu.summary == "cpu builtin 2 threads")

        let gpu = RunSettings(backend: .gpu, gpuPrecision: .fp16, gpuFallback: true, edgetpuPerformance: .max)
        #expect(gpu.summary == "gpu fp16+cpu fallback")
        #expect(gpu.relevantToBackend.gpuPrecision == .fp16 && gpu.relevantToBackend.edgetpuPerformance == nil)
        #expect(GPUBackend().runWaitsForOutputs)

        let usb = RunSettings(backend: .edgetpu, device: try EdgeTPUDeviceSelector(parsing: "usb:0"), gpuPrecision: .fp32, edgetpuPerformance: .high)
        #expect(usb.summary == "edgetpu@usb:0")
        #expect(Backend.edgetpu.driver.deviceText(for: usb) == "usb:0")
        #expect(Backend.edgetpu.driver.deviceText(for: RunSettings(backend: .edgetpu)) == "edgetpu")
        #expect(usb.relevantToBackend.gpuPrecision == nil && usb.relevantToBackend.edgetpuPerformance == .high)
        #expect(!CPUBackend().runWaitsForOutputs && !EdgeTPUBackend().runWaitsForOutputs)
        #expect(!CPUBackend().reportsAcceleration && GPUBackend().reportsAcceleration && EdgeTPUBackend().reportsAcceleration)
    }

    @Test("compilation options: the GPU with a CPU fallback asks for both; the Edge TPU's CPU part compiles like the CPU")
    func compilationOptions() {
        let gpu = GPUBackend().compilationOptions(for: RunSettings(backend: .gpu, gpuPrecision: .fp16, gpuFallback: true))
        #expect(gpu.hardware == [.gpu, .cpu])
        #expect(gpu.gpuPrecision == .fp16)
        #expect(GPUBackend().compilationOptions(for: RunSettings(backend: .gpu)).hardware == .gpu)
        let settings = RunSettings(threads: 3, kernels: .reference)
        let cpu = CPUBackend().compilationOptions(for: settings)
        let edgetpu = EdgeTPUBackend().compilationOptions(for: settings)
        #expect(cpu.hardware == .cpu && cpu.threads == 3 && cpu.kernels == .reference)
        #expect(edgetpu.hardware == cpu.hardware && edgetpu.threads == cpu.threads && edgetpu.kernels == cpu.kernels)
    }

    @Test("custom operators: XNNPACK's only with XNNPACK, the GPU's whatever the kernels, the Edge TPU's op only on the Edge TPU")
    func customOperators() {
        #expect(CPUBackend().providedCustomOperators(kernels: .xnnpack).contains("Convolution2DTransposeBias"))
        #expect(CPUBackend().providedCustomOperators(kernels: .builtin).isEmpty)
        #expect(GPUBackend().providedCustomOperators(kernels: .builtin).contains("Resampler"))
        #expect(EdgeTPUBackend().providedCustomOperators(kernels: .builtin) == ["edgetpu-custom-op"])
        #expect(!CPUBackend().providedCustomOperators(kernels: .xnnpack).contains("edgetpu-custom-op"))
    }

    @Test("XNNPACK's 'failed to prepare' line becomes the clear error on every backend; other failures pass through")
    func xnnpackDiagnosis() {
        let log = "INFO: something\nERROR: Node number 72 (TfLiteXNNPackDelegate) failed to prepare.\n"
        let failure = LiteRTError.callFailed(function: "LiteRtRunCompiledModel", status: .runtimeFailure, context: "run", log: log)
        for backend in [Backend.cpu, .edgetpu] {
            let error = backend.driver.diagnose(failure, model: "deeplab.tflite", settings: RunSettings(backend: backend))
            guard case let EdgeBenchError.xnnpackCannotPrepare(model, detail) = error else {
                Issue.record("\(backend): \(error)")
                continue
            }
            #expect(model == "deeplab.tflite")
            #expect(detail == "Node number 72 (TfLiteXNNPackDelegate) failed to prepare")
        }
        let other = LiteRTError.callFailed(function: "LiteRtRunCompiledModel", status: .runtimeFailure, context: "run", log: "unresolved custom op")
        #expect(CPUBackend().diagnose(other, model: "m.tflite", settings: RunSettings()) as? LiteRTError == other)
    }

    @Test("a GPU compilation without an adapter is 'unavailable' (69), never CPU numbers; a GPU-only run failure is not")
    func gpuDiagnosis() {
        let noAdapter = LiteRTError.callFailed(function: "LiteRtCreateCompiledModel", status: .runtimeFailure, context: "compile",
                                               log: "ERROR: No adapters found")
        let error = GPUBackend().diagnose(noAdapter, model: "m.tflite", settings: RunSettings(backend: .gpu))
        #expect(ErrorClassification.exitStatus(for: error) == .unavailable)
        #expect(error.localizedDescription.contains("no usable GPU adapter"))
        let strict = LiteRTError.callFailed(function: "LiteRtCreateCompiledModel", status: .compilation, context: "compile", log: "op not supported")
        #expect(GPUBackend().diagnose(strict, model: "m.tflite", settings: RunSettings(backend: .gpu)).localizedDescription.contains("--gpu-fallback"))
        #expect(GPUBackend.logSaysNoAdapter("No adapters found") && !GPUBackend.logSaysNoAdapter("adapter: llvmpipe"))
    }

    @Test("GPU availability is checked in one place: no accelerator library next to the runtime says how to get it")
    func gpuAvailability() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edgebench-gpu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bare = RuntimeLocation(path: folder.appendingPathComponent("libLiteRt.so").path, version: nil, source: "test")
        let reason = try #require(GPUBackend.unavailability(runtime: bare, accelerators: nil))
        #expect(reason.contains("libLiteRtWebGpuAccelerator.so") && reason.contains("edgebench runtime install"))
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("libLiteRtWebGpuAccelerator.so").path, contents: Data())
        #expect(GPUBackend.unavailability(runtime: bare, accelerators: nil) == nil)
        let cpuOnly = try #require(GPUBackend.unavailability(runtime: bare, accelerators: []))
        #expect(cpuOnly.contains("did not register its GPU accelerator"))
    }

    @Test("an Edge TPU model is refused outside the Edge TPU backend; an ordinary model on the Edge TPU gets a note", .enabled(if: Fixtures.available))
    func edgeTPUModels() throws {
        let compiled = try ModelFile(path: Fixtures.model("mobilenet_v1_0.25_128_quant_edgetpu.tflite"))
        let plain = try ModelFile(path: Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"))
        for backend in [Backend.cpu, .gpu] {
            #expect(throws: EdgeBenchError.edgeTPUModelOnCPU(model: compiled.name, customOps: 1)) { try backend.driver.checkModel(compiled) }
            #expect(backend.driver.notes(for: plain).isEmpty)
        }
        try EdgeTPUBackend().checkModel(compiled)
        #expect(EdgeTPUBackend().notes(for: compiled).isEmpty)
        #expect(EdgeTPUBackend().notes(for: plain).first?.contains("not compiled for the Edge TPU") == true)
    }
}

@Suite("The kernel fallback: XNNPACK → built-in kernels, only when the kernels were not chosen and it can work", .enabled(if: Fixtures.available))
struct KernelFallbackRuleTests {
    let failure = EdgeBenchError.xnnpackCannotPrepare(model: "m.tflite", detail: "Node number 3 (TfLiteXNNPackDelegate) failed to prepare")

    @Test("a model that needs an operator only XNNPACK implements gets the clear error, which does not advise --kernels builtin")
    func xnnpackOnlyOperator() throws {
        let selfie = try ModelFile(path: Fixtures.model("mediapipe_selfie_segmentation.tflite"))
        do {
            _ = try CPUBackend().fallback(after: failure, file: selfie, settings: RunSettings())
            Issue.record("the built-in kernels were offered for a model that needs Convolution2DTransposeBias")
        } catch let error as EdgeBenchError {
            guard case let .xnnpackCannotPrepareRequiredOperators(_, _, operators) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(operators == ["Convolution2DTransposeBias"])
            let message = error.localizedDescription
            #expect(message.contains("Convolution2DTransposeBias") && message.contains("--backend gpu"))
            #expect(!message.contains("--kernels builtin"), "\(message)")
            #expect(error.exitStatus == .runtimeFailure)
        }
    }

    @Test("the rule applies once, to unchosen XNNPACK kernels on the CPU: built-in kernels, 1 thread unless threads were given")
    func appliesOnlyWhenItCan() throws {
        let deeplab = try ModelFile(path: Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite"))
        let fallback = try #require(try CPUBackend().fallback(after: failure, file: deeplab, settings: RunSettings()))
        #expect(fallback.settings.kernels == .builtin && fallback.settings.threads == 1)
        #expect(fallback.reason.contains("falling back to --kernels builtin"))
        #expect(try CPUBackend().fallback(after: failure, file: deeplab, settings: RunSettings(threads: 2))?.settings.threads == 2)

        var chosen = RunSettings()
        chosen.kernelsChosen = true
        #expect(try CPUBackend().fallback(after: failure, file: deeplab, settings: chosen) == nil)
        #expect(try CPUBackend().fallback(after: failure, file: deeplab, settings: RunSettings(kernels: .builtin)) == nil)
        #expect(try GPUBackend().fallback(after: failure, file: deeplab, settings: RunSettings(backend: .gpu)) == nil)
        #expect(try EdgeTPUBackend().fallback(after: failure, file: deeplab, settings: RunSettings(backend: .edgetpu)) == nil)
        #expect(try CPUBackend().fallback(after: EdgeBenchError.invalidNumber(text: "x"), file: deeplab, settings: RunSettings()) == nil)
    }

    @Test("DeepLab through the one runner: compiled twice, announced once, built-in kernels from then on", .enabled(if: Fixtures.ready))
    func runnerOnDeepLab() throws {
        var notices: [String] = []
        let runner = try ModelRunner(file: try ModelFile(path: Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite")),
                                     settings: RunSettings(), runtime: nil, notice: { notices.append($0) })
        #expect(runner.compilationCount == 2)
        #expect(notices.count == 1)
        #expect(runner.session.settings.kernels == .builtin && runner.session.settings.threads == 1)
        #expect(runner.session.kernelFallback == notices.first)
        _ = try runner.run()
        _ = try runner.run()
        #expect(runner.compilationCount == 2 && notices.count == 1 && runner.hasRun)
    }
}
