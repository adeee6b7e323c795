import FixtureSupport
import Foundation
@testable import EdgeTPU
import LiteRT
import Testing

@Suite("Finding libedgetpu")
struct LocateTests {
    @Test("a missing EDGEBENCH_EDGETPU_LIB is libraryNotFound, naming what was searched (the advice is edgebench's)")
    func missingLibrary() throws {
        let error = try #require(throws: EdgeTPUError.self) {
            try EdgeTPULibrary.locate(environment: ["EDGEBENCH_EDGETPU_LIB": "/nonexistent"])
        }
        guard case let .libraryNotFound(searched) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(searched.contains { $0.contains("/nonexistent") })
        let message = error.localizedDescription
        #expect(message.contains("/nonexistent (from EDGEBENCH_EDGETPU_LIB)"))
        #expect(!message.contains("apt-get"), "the binding reports facts; installation advice is added by edgebench")
    }

    @Test("without EDGEBENCH_EDGETPU_LIB the soname is searched; where it is not installed, libraryNotFound says so",
          .enabled(if: Fixtures.sonameMissing, "libedgetpu is installed on this machine"))
    func sonameNotInstalled() throws {
        let error = try #require(throws: EdgeTPUError.self) { try EdgeTPULibrary.locate(environment: [:]) }
        guard case let .libraryNotFound(searched) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(searched.contains { $0.contains("libedgetpu.so.1") })
        #expect(error.localizedDescription.contains("libedgetpu.so.1 on the loader's search path"))
    }

    @Test("a file that is not libedgetpu is refused")
    func notALibrary() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Package.swift").path
        #expect(throws: EdgeTPUError.self) { try EdgeTPULibrary.locate(environment: ["EDGEBENCH_EDGETPU_LIB": path]) }
    }
}

extension EdgeTPUOnLiteRT {
    @Suite("The real libedgetpu 16.0 builds", .enabled(if: Fixtures.edgeTPULibrariesAvailable, Comment(rawValue: edgeTPUSkip)))
    struct RealLibraryTests {
        @Test("version, RuntimeVersion 14, the TF commit, and zero devices", arguments: [("direct", EdgeTPUBuild.direct), ("throttled", .throttled)])
        func runtimeInfo(build: String, expected: EdgeTPUBuild) throws {
            let path = Fixtures.edgeTPULibrary(build)
            let library = try EdgeTPULibrary.locate(environment: ["EDGEBENCH_EDGETPU_LIB": path])
            #expect(library.path == URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
            let info = library.runtimeInfo()
            #expect(info.version.hasPrefix("BuildLabel("))
            #expect(info.version.contains("RuntimeVersion(14)"))
            #expect(info.runtimeVersion == 14)
            #expect(info.build == expected)
            #expect(info.tensorflowCommit == "a4dfb8d1a71385bd6d122e4f27f86dcebb96712d")
            #expect(info.devices.isEmpty, "no Coral device is attached to this machine")
            let verdict = try library.compatibility(force: false)
            #expect(verdict.appliesShim)
            #expect(verdict.knownBuild?.name.contains("16.0") == true)
        }

        @Test("the direct and throttled builds are told apart and loaded side by side")
        func bothBuilds() throws {
            let direct = try EdgeTPULibrary.load(path: Fixtures.edgeTPULibrary("direct"))
            let throttled = try EdgeTPULibrary.load(path: Fixtures.edgeTPULibrary("throttled"))
            #expect(direct !== throttled)
            #expect(direct.runtimeInfo().build == .direct)
            #expect(throttled.runtimeInfo().build == .throttled)
            #expect(try EdgeTPULibrary.load(path: Fixtures.edgeTPULibrary("direct")) === direct, "loaded once")
        }

        @Test("runtime information encodes with null for the USB speed of no device")
        func json() throws {
            let library = try EdgeTPULibrary.load(path: Fixtures.edgeTPULibrary("throttled"))
            let data = try JSONEncoder().encode(library.runtimeInfo())
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["build"] as? String == "throttled")
            #expect(object["runtime_version"] as? Int == 14)
            #expect((object["devices"] as? [Any])?.isEmpty == true)
        }
    }

    @Suite("Compiling an Edge TPU model with no device attached",
           .enabled(if: Fixtures.edgeTPULibrariesAvailable && Fixtures.ready, Comment(rawValue: edgeTPUSkip + "; " + runtimeSkip)))
    struct NoDeviceTests {
        static let model = "mobilenet_v2_1.0_224_quant_edgetpu.tflite"

        @Test("selector usb fails at compile time with noDevice, never a crash", arguments: ["direct", "throttled"])
        func usbNoDevice(build: String) throws {
            let library = try EdgeTPULibrary.load(path: Fixtures.edgeTPULibrary(build))
            let selector = try EdgeTPUDeviceSelector(parsing: "usb")
            let error = try #require(throws: EdgeTPUError.self) {
                try EdgeTPUSession.compile(bytes: Fixtures.modelBytes(Self.model), name: Self.model, runtime: Fixtures.runtime(),
                                           library: library, options: EdgeTPUOptions(selector: selector))
            }
            #expect(error == .noDevice(library: library.path, requested: "device \"usb\"", found: []))
            let message = error.localizedDescription
            #expect(message.contains("no Edge TPU found"))
            #expect(message.contains(library.path))
            #expect(message.contains("usb"))
        }

        @Test("every selector reports noDevice; the session stays usable", arguments: ["", "usb:0", "pci", "pci:1", ":0"])
        func anySelector(text: String) throws {
            let library = try EdgeTPULibrary.load(path: Fixtures.edgeTPULibrary("direct"))
            let session = try EdgeTPUSession(runtime: Fixtures.runtime(), library: library,
                                             options: EdgeTPUOptions(selector: try EdgeTPUDeviceSelector(parsing: text),
                                                                     performance: .low, usbMaxBulkInQueueLength: 8))
            for _ in 0..<2 {
                let error = try #require(throws: EdgeTPUError.self) {
                    try session.compile(bytes: Fixtures.modelBytes(Self.model), name: Self.model)
                }
                guard case .noDevice(_, _, found: []) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
            }
            #expect(session.accelerator.liveDelegates == 0)
            let names = try session.environment.accelerators().map(\.name)
            #expect(names.contains(EdgeTPUAccelerator.name))
        }

        @Test("LiteRT 2.3.0 exports every registration function the accelerator needs")
        func liteRTSymbols() throws {
            let api = try EdgeTPUAccelerator.resolveAPI(Fixtures.runtime())
            #expect(api.createAccelerator != nil && api.registerAccelerator != nil && api.wrapDelegate != nil)
        }

        @Test("code that kept only the environment finds the accelerator and its failure")
        func lookupByEnvironment() throws {
            let library = try EdgeTPULibrary.load(path: Fixtures.edgeTPULibrary("throttled"))
            let environment = try Environment(library: Fixtures.runtime())
            #expect(EdgeTPUAccelerator.registered(in: environment) == nil)
            let options = EdgeTPUOptions(selector: try EdgeTPUDeviceSelector(parsing: "pci:0"))
            try EdgeTPUAccelerator.register(in: environment, library: library, options: options)
            let model = try Model(bytes: Fixtures.modelBytes(Self.model), name: Self.model, environment: environment)
            #expect(throws: LiteRTError.self) { try CompiledModel(model: model, options: CompilationOptions()) }
            let found = try #require(EdgeTPUAccelerator.registered(in: model.environment))
            #expect(found.library === library)
            #expect(found.options == options)
            #expect(found.failure == .noDevice(library: library.path, requested: "device \"pci:0\"", found: []))
            #expect(EdgeTPUAccelerator.registered(in: try Environment(library: Fixtures.runtime())) == nil)
        }
    }
}
