import EdgeBench
import EdgeTPU
import Foundation
import LiteRT
import Testing

/// The LiteRT and Edge TPU bindings state facts; edgebench's error mapping adds what a user of the tool can do.
@Suite("Binding errors: facts below, edgebench's advice above")
struct ErrorAdviceTests {
    static let bindingErrors: [any Error] = [
        LiteRTError.cannotLoadLibrary(path: "/opt/libLiteRt.so", reason: "libfoo.so: cannot open shared object file"),
        LiteRTError.missingSymbol(name: "LiteRtCreateEnvironment", path: "/opt/libLiteRt.so"),
        LiteRTError.callFailed(function: "LiteRtRunCompiledModel", status: .runtimeFailure, context: "run m.tflite", log: ""),
        EdgeTPUError.libraryNotFound(searched: ["/x (from EDGEBENCH_EDGETPU_LIB)"]),
        EdgeTPUError.cannotLoadLibrary(path: "/x/libedgetpu.so.1", reason: "libusb-1.0.so.0: cannot open shared object file"),
        EdgeTPUError.missingSymbol(name: "edgetpu_list_devices", path: "/x/libLiteRt.so"),
        EdgeTPUError.missingLiteRTSymbol(name: "LiteRtWrapDelegate", path: "/x/libLiteRt.so"),
        EdgeTPUError.unclassifiedRuntime(library: "/x/libedgetpu.so.1", version: "v", tensorflowCommit: nil, reason: "no commit"),
        EdgeTPUError.noDevice(library: "/x/libedgetpu.so.1", requested: "device \"usb\"", found: []),
        EdgeTPUError.cannotOpenDevice(library: "/x/libedgetpu.so.1", device: "usb:/sys/bus/usb/devices/2-1"),
    ]

    @Test("no binding error tells the user to run an edgebench command or pass a flag")
    func bindingsStateFacts() {
        for error in Self.bindingErrors {
            let text = (error as? any LocalizedError)?.errorDescription ?? ""
            #expect(!text.isEmpty)
            #expect(!text.contains("`edgebench") && !text.contains(" --") && !text.contains("apt-get"), "\(text)")
        }
    }

    @Test("the runtime's load failures read as before: the facts, then how to get LiteRT 2.3.0")
    func liteRTAdvice() {
        #expect(ErrorClassification.message(for: Self.bindingErrors[0]) == """
            Cannot load the LiteRT runtime at /opt/libLiteRt.so: libfoo.so: cannot open shared object file. \
            Run `edgebench runtime install` or point EDGEBENCH_LITERT at libLiteRt.so from ai-edge-litert 2.3.0.
            """)
        #expect(ErrorClassification.message(for: Self.bindingErrors[1]) == """
            /opt/libLiteRt.so does not export LiteRtCreateEnvironment: it is not the LiteRT 2.3.0 runtime. \
            Run `edgebench runtime install` to get the right one.
            """)
    }

    @Test("a failed call needs no advice: its message is the binding's own")
    func noAdvice() {
        let error = Self.bindingErrors[2]
        #expect(ErrorClassification.message(for: error) == (error as? LiteRTError)?.errorDescription)
    }

    @Test("Edge TPU failures name the packages, the variable and the flag that help")
    func edgeTPUAdvice() {
        let notFound = ErrorClassification.message(for: Self.bindingErrors[3])
        #expect(notFound.hasPrefix("no Edge TPU runtime (libedgetpu) found; looked for: /x (from EDGEBENCH_EDGETPU_LIB)."))
        #expect(notFound.contains("`sudo apt-get install libedgetpu1-std`") && notFound.contains("libedgetpu1-max"))
        #expect(notFound.contains("set EDGEBENCH_EDGETPU_LIB"))
        #expect(ErrorClassification.message(for: Self.bindingErrors[4]).contains("libusb-1.0-0"))
        #expect(ErrorClassification.message(for: Self.bindingErrors[5]).contains("libedgetpu1-std or libedgetpu1-max"))
        #expect(ErrorClassification.message(for: Self.bindingErrors[6]).contains("`edgebench runtime install`"))
        let unclassified = ErrorClassification.message(for: Self.bindingErrors[7])
        #expect(unclassified.contains("corrupt memory") && unclassified.contains("--force-edgetpu") && unclassified.contains("libedgetpu1-std"))
        let noDevice = ErrorClassification.message(for: Self.bindingErrors[8])
        #expect(noDevice.hasPrefix("no Edge TPU found: libedgetpu (/x/libedgetpu.so.1) listed no devices; requested device \"usb\"."))
        #expect(noDevice.contains("Plug in the Coral USB Accelerator") && noDevice.contains("on the CPU instead"))
        #expect(ErrorClassification.message(for: Self.bindingErrors[9]).contains("replug the device"))
    }
}
