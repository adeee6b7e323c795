import FixtureSupport
import CEdgeTPU
import CEdgeTPUTestSupport
import Foundation
@testable import EdgeTPU
import LiteRT
import Testing

/// Tests that load LiteRT or use the process-wide fake library run one at a time.
@Suite("Edge TPU on LiteRT", .serialized)
struct EdgeTPUOnLiteRT {}

@Suite("The TfLiteRegistration shim, without a runtime")
struct ShimUnitTests {
    @Test("a TF 2.5 registration reaches the runtime zero-extended, and everything is restored")
    func zeroExtends() {
        let report = EBTestRunShimUnitCheck()
        #expect(report.prepareWrapped)
        #expect(report.prepareStatus == 0)
        #expect(report.sawShimDuringPrepare)
        #expect(report.forwarded)
        #expect(report.headPreserved)
        #expect(report.tailZeroed)
        #expect(report.contextRestored)
        #expect(report.shimRefusesOutsidePrepare)
        #expect(report.prepareRestored)
        #expect(report.freeCalled)
    }
}

/// A stand-in for libedgetpu whose delegate has TF 2.5's layout (CEdgeTPUTestSupport).
func fakeLibrary() -> EdgeTPULibrary {
    EdgeTPULibrary(path: "fake-libedgetpu (CEdgeTPUTestSupport)", listDevices: EBTestFakeListDevices(),
                   freeDevices: EBTestFakeFreeDevices(), createDelegate: EBTestFakeCreateDelegate(),
                   freeDelegate: EBTestFakeFreeDelegate(), setVerbosity: EBTestFakeVerbosity(), version: EBTestFakeVersion())
}

func floats(_ bytes: [UInt8]) -> [Float] {
    bytes.withUnsafeBytes { raw in (0..<raw.count / 4).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } }
}

extension EdgeTPUOnLiteRT {
    @Suite("A TF 2.5-layout delegate replaces real nodes under LiteRT 2.3.0",
           .enabled(if: Fixtures.ready, Comment(rawValue: runtimeSkip)))
    struct FakeDelegateTests {
        static let model = "iris_lite.tflite"
        static let input: [Float] = [5.9, 3.0, 5.1, 1.8]
        // Built-in kernels: XNNPACK (applied first) would otherwise take the FULLY_CONNECTED nodes.
        static let compilation = CompilationOptions(threads: 1, kernels: .builtin)

        func run(_ compiled: CompiledModel) throws -> [Float] {
            try Self.input.withUnsafeBytes { try compiled.inputs[0].write($0) }
            try compiled.run()
            return floats(try compiled.outputs[0].bytes())
        }

        func reference() throws -> [Float] {
            let environment = try Environment(library: Fixtures.runtime())
            let model = try Model(bytes: Fixtures.modelBytes(Self.model), name: Self.model, environment: environment)
            return try run(CompiledModel(model: model, options: Self.compilation))
        }

        @Test("the kernel replaces every FULLY_CONNECTED node, runs, and matches the CPU")
        func replacesAndRuns() throws {
            let expected = try reference()
            EBTestFakeReset(1, EB_EDGETPU_DEVICE_USB, true)
            let forwardedBefore = EBEdgeTPUShimForwardCount()
            var outputs: [Float] = []
            do {
                let session = try EdgeTPUSession(runtime: Fixtures.runtime(), library: fakeLibrary(),
                                                 options: EdgeTPUOptions(selector: try EdgeTPUDeviceSelector(parsing: "usb"), force: true))
                #expect(session.accelerator.compatibility.forced)
                #expect(session.accelerator.compatibility.appliesShim)
                let compiled = try session.compile(bytes: Fixtures.modelBytes(Self.model), name: Self.model, options: Self.compilation)
                #expect(session.accelerator.delegateCreated)
                #expect(session.accelerator.liveDelegates == 1)
                outputs = try run(compiled)
                outputs = try run(compiled)  // twice: the kernel keeps working after the first run
                let names = try session.environment.accelerators().map(\.name)
                #expect(names.contains(EdgeTPUAccelerator.name))
            }
            let stats = EBTestFakeGetStats()
            #expect(stats.createCalls == 1)
            #expect(stats.prepareCalls == 1)
            #expect(stats.prepareSawShim, "Prepare must run with the shim in place")
            #expect(stats.replaceCalls >= 2, "iris_lite has several FULLY_CONNECTED nodes")
            #expect(stats.replaceFailures == 0)
            #expect(stats.kernelInits == stats.replaceCalls)
            #expect(stats.kernelInvokes == 2 * stats.replaceCalls)
            #expect(EBEdgeTPUShimForwardCount() - forwardedBefore == UInt64(stats.replaceCalls))
            #expect(stats.deleteCalls == 1, "the compiled model frees the delegate through libedgetpu's free function")
            #expect(stats.kernelFrees == stats.kernelInits)
            #expect(outputs.count == expected.count)
            for (actual, wanted) in zip(outputs, expected) {
                #expect(abs(actual - wanted) <= 1e-5 * max(1, abs(wanted)), "\(outputs) vs \(expected)")
            }
        }

        @Test("the device path is always passed with the options (libedgetpu aborts on a NULL name)")
        func passesDeviceName() throws {
            EBTestFakeReset(2, EB_EDGETPU_DEVICE_USB, true)
            do {
                let session = try EdgeTPUSession(runtime: Fixtures.runtime(), library: fakeLibrary(),
                                                 options: EdgeTPUOptions(selector: try EdgeTPUDeviceSelector(parsing: ":1"),
                                                                         performance: .high, usbMaxBulkInQueueLength: 16, force: true))
                _ = try session.compile(bytes: Fixtures.modelBytes(Self.model), name: Self.model, options: Self.compilation)
            }
            let stats = EBTestFakeGetStats()
            #expect(!stats.nullNameWithOptions)
            #expect(stats.lastCreateType == EB_EDGETPU_DEVICE_USB)
            #expect(withUnsafeBytes(of: stats.lastCreateName) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) } == "/sys/bus/usb/devices/9-2")
            #expect(withUnsafeBytes(of: stats.lastOptions) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                    == "Performance=High;Usb.MaxBulkInQueueLength=16;")
        }

        @Test("no matching device fails the compilation with noDevice, listing what was found")
        func noMatchingDevice() throws {
            EBTestFakeReset(1, EB_EDGETPU_DEVICE_USB, true)
            let session = try EdgeTPUSession(runtime: Fixtures.runtime(), library: fakeLibrary(),
                                             options: EdgeTPUOptions(selector: try EdgeTPUDeviceSelector(parsing: "pci"), force: true))
            let error = try #require(throws: EdgeTPUError.self) {
                try session.compile(bytes: Fixtures.modelBytes(Self.model), name: Self.model, options: Self.compilation)
            }
            #expect(error == .noDevice(library: "fake-libedgetpu (CEdgeTPUTestSupport)", requested: "device \"pci\"",
                                       found: ["usb:/sys/bus/usb/devices/9-1"]))
            #expect(EBTestFakeGetStats().createCalls == 0)
            #expect(session.accelerator.liveDelegates == 0)
        }

        @Test("the tool's path: only the environment is kept, its session is found again and compiles a model loaded there")
        func foundFromEnvironment() throws {
            #expect(EdgeTPUSession(registeredIn: try Environment(library: Fixtures.runtime())) == nil)
            EBTestFakeReset(1, EB_EDGETPU_DEVICE_USB, true)
            let expected = try reference()
            do {
                let environment = try EdgeTPUSession(runtime: Fixtures.runtime(), library: fakeLibrary(),
                                                     options: EdgeTPUOptions(selector: try EdgeTPUDeviceSelector(parsing: "usb"), force: true)).environment
                let model = try Model(bytes: Fixtures.modelBytes(Self.model), name: Self.model, environment: environment)
                let session = try #require(EdgeTPUSession(registeredIn: environment))
                let outputs = try run(try session.compile(model, options: Self.compilation))
                #expect(EBTestFakeGetStats().createCalls == 1)
                #expect(outputs.count == expected.count)
            }
            EBTestFakeReset(1, EB_EDGETPU_DEVICE_USB, true)
            let environment = try EdgeTPUSession(runtime: Fixtures.runtime(), library: fakeLibrary(),
                                                 options: EdgeTPUOptions(selector: try EdgeTPUDeviceSelector(parsing: "pci"), force: true)).environment
            let model = try Model(bytes: Fixtures.modelBytes(Self.model), name: Self.model, environment: environment)
            let session = try #require(EdgeTPUSession(registeredIn: environment))
            #expect(throws: EdgeTPUError.self) { try session.compile(model, options: Self.compilation) }
        }

        @Test("a device that cannot be opened fails with cannotOpenDevice")
        func cannotOpen() throws {
            EBTestFakeReset(1, EB_EDGETPU_DEVICE_PCI, false)
            let session = try EdgeTPUSession(runtime: Fixtures.runtime(), library: fakeLibrary(), options: EdgeTPUOptions(force: true))
            #expect(throws: EdgeTPUError.cannotOpenDevice(library: "fake-libedgetpu (CEdgeTPUTestSupport)", device: "pci:/dev/apex_0")) {
                try session.compile(bytes: Fixtures.modelBytes(Self.model), name: Self.model, options: Self.compilation)
            }
        }

        @Test("a library that cannot be classified is refused unless forced")
        func refusesUnclassified() throws {
            let environment = try Environment(library: Fixtures.runtime())
            let error = try #require(throws: EdgeTPUError.self) {
                try EdgeTPUAccelerator.register(in: environment, library: fakeLibrary(), options: EdgeTPUOptions())
            }
            guard case .unclassifiedRuntime(library: "fake-libedgetpu (CEdgeTPUTestSupport)", _, tensorflowCommit: nil, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(try environment.accelerators().allSatisfy { $0.name != EdgeTPUAccelerator.name })
        }
    }
}
