import EdgeBench
import EdgeTPU
import FixtureSupport
import Foundation
import LiteRT
import Results
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
        #expect(configuration.settings.device?.description == device)
        #expect(configuration.modelPath.hasSuffix("_edgetpu.tflite"))
    }

    @Test("a device and options together")
    func deviceAndOptions() throws {
        let configuration = try BenchConfiguration.parse("m.tflite@usb:0:threads=2")
        #expect(configuration.settings.device?.description == "usb:0")
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
        let configurations = try BenchConfiguration.sweep(models: ["a.tflite", "b.tflite"],
                                                          flags: ConfigurationFlags(backends: [.cpu], threads: [1, 2], kernels: [.xnnpack, .builtin]))
        #expect(configurations.count == 8)
        #expect(Set(configurations).count == 8)
        // A device fixed by the configuration is not swept over the default backend.
        let pinned = try BenchConfiguration.sweep(models: ["e_edgetpu.tflite@usb", "a.tflite"], flags: ConfigurationFlags(threads: [1, 2]))
        #expect(pinned.map(\.settings.backend) == [.edgetpu, .edgetpu, .cpu, .cpu])
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

@Suite("Configuration semantics: files win, explicit keys beat defaults, conflicts are refused")
struct ConfigurationSemanticsTests {
    @Test("an argument naming an existing file is that model, whatever characters it has",
          arguments: ["model@2x.tflite", "a:b=c.tflite", "m@usb", "x,y%z.tflite"])
    func existingFileWins(_ name: String) throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0])))
        let argument = try ConfigurationArgument.parse(path)
        #expect(argument.modelPath == path)
        #expect(argument.keys == ConfigurationKeys())
        #expect(try BenchConfiguration.parse(path).settings == RunSettings())
    }

    @Test("the longest existing file followed by @ or : is the model; what follows is DEVICE and keys")
    func longestExistingPrefix() throws {
        let files: Set<String> = ["dir/model@2x.tflite", "dir/model"]
        let gpu = try ConfigurationArgument.parse("dir/model@2x.tflite@gpu:precision=fp16", isFile: files.contains)
        #expect(gpu.modelPath == "dir/model@2x.tflite")
        #expect(gpu.keys.backend == .gpu && gpu.keys.precision == .fp16)
        let keysOnly = try ConfigurationArgument.parse("dir/model@2x.tflite:threads=2", isFile: files.contains)
        #expect(keysOnly.modelPath == "dir/model@2x.tflite" && keysOnly.keys.threads == 2 && keysOnly.keys.backend == nil)
        // A mistake after an existing file is reported as a mistake, not as a missing file.
        #expect(throws: EdgeBenchError.self) { try ConfigurationArgument.parse("dir/model@2x.tflite@tpu", isFile: files.contains) }
    }

    @Test("explicit keys beat the defaults; flags fill what the keys leave open")
    func keysBeatDefaults() throws {
        let argument = try ConfigurationArgument.parse("m.tflite:kernels=builtin", isFile: { _ in false })
        let configuration = try argument.resolved(flags: ConfigurationFlags(threads: [3]), base: RunSettings(kernels: .reference))
        #expect(configuration.settings.kernels == .builtin)
        #expect(configuration.settings.threads == 3)
    }

    @Test("an explicit flag that contradicts a key is a usage error naming both",
          arguments: [("m.tflite:kernels=builtin", ConfigurationFlags(kernels: [.xnnpack]), "--kernels xnnpack", "kernels=builtin"),
                      ("m.tflite:threads=1", ConfigurationFlags(threads: [2, 4]), "--threads 2,4", "threads=1"),
                      ("m.tflite@usb", ConfigurationFlags(backends: [.cpu, .gpu]), "--backend cpu,gpu", "@usb"),
                      ("m.tflite@gpu:fallback=false", ConfigurationFlags(fallback: true), "--gpu-fallback", "fallback=false"),
                      ("m.tflite@usb:performance=low", ConfigurationFlags(performance: .max), "--edgetpu-performance max", "performance=low")])
    func conflicts(_ text: String, _ flags: ConfigurationFlags, _ flag: String, _ key: String) throws {
        let argument = try ConfigurationArgument.parse(text, isFile: { _ in false })
        #expect(throws: SettingError.conflict(flag: flag, key: key, configuration: text)) { try argument.configurations(flags: flags) }
        let message = SettingError.conflict(flag: flag, key: key, configuration: text).localizedDescription
        #expect(message.contains(flag) && message.contains(key))
    }

    @Test("a flag list that includes the key's value is no conflict: the key fixes it, the sweep fills the rest")
    func sweepsApplyToWhatIsOpen() throws {
        let flags = ConfigurationFlags(threads: [1, 2], kernels: [.xnnpack, .builtin])
        let fixed = try ConfigurationArgument.parse("m.tflite:kernels=builtin", isFile: { _ in false }).configurations(flags: flags)
        #expect(fixed.map(\.settings.kernels) == [.builtin, .builtin])
        #expect(fixed.map(\.settings.threads) == [1, 2])
    }

    @Test("Edge TPU keys: performance and usb_queue, each checked by its domain")
    func edgeTPUKeys() throws {
        let configuration = try BenchConfiguration.parse("m_edgetpu.tflite@usb:performance=high,usb_queue=32")
        #expect(configuration.settings.edgetpuPerformance == .high)
        #expect(configuration.settings.usbQueueLength == 32)
        #expect(throws: EdgeBenchError.invalidConfiguration(text: "m_edgetpu.tflite@usb:usb_queue=256",
                                                            detail: "usb_queue must be between 0 and 255 (got 256)")) {
            try BenchConfiguration.parse("m_edgetpu.tflite@usb:usb_queue=256")
        }
        #expect(throws: EdgeBenchError.invalidConfiguration(text: "m_edgetpu.tflite@usb:performance=turbo",
                                                            detail: "performance must be low, medium, high or max (got 'turbo')")) {
            try BenchConfiguration.parse("m_edgetpu.tflite@usb:performance=turbo")
        }
    }

    @Test("booleans are true/false, 1/0 or yes/no; anything else is refused, not read as false")
    func booleans() throws {
        for (text, value) in [("true", true), ("YES", true), ("1", true), ("false", false), ("no", false), ("0", false)] {
            #expect(try BenchConfiguration.parse("f.tflite@gpu:fallback=\(text)").settings.gpuFallback == value)
        }
        #expect(throws: EdgeBenchError.invalidConfiguration(text: "f.tflite@gpu:fallback=maybe",
                                                            detail: "fallback must be true or false (also 1/0, yes/no) (got 'maybe')")) {
            try BenchConfiguration.parse("f.tflite@gpu:fallback=maybe")
        }
    }

    @Test("a key given twice is refused")
    func duplicateKey() {
        #expect(throws: EdgeBenchError.self) { try BenchConfiguration.parse("m.tflite:threads=1,threads=2") }
    }
}

@Suite("Setting values are checked once, with the range in the message")
struct SettingValueTests {
    @Test("thread counts: 1...256; -1 is out of range, a number too long for Int is refused as given")
    func threads() {
        #expect(throws: SettingError.outOfRange(setting: "--threads", value: -1, allowed: 1...256)) { try SettingValue.threads("-1", setting: "--threads") }
        #expect(throws: SettingError.notAnInteger(setting: "--threads", text: "99999999999999999999", allowed: 1...256)) {
            try SettingValue.threads("99999999999999999999", setting: "--threads")
        }
        #expect(throws: SettingError.notAnInteger(setting: "--threads", text: "two", allowed: 1...256)) { try SettingValue.threads("two", setting: "--threads") }
        #expect(SettingError.outOfRange(setting: "--threads", value: 0, allowed: 1...256).localizedDescription == "--threads must be between 1 and 256 (got 0).")
    }

    @Test("a list with an empty item names it")
    func emptyListItem() {
        #expect(throws: SettingError.emptyListItem(setting: "--threads", list: "1,,2")) {
            try SettingValue.list("1,,2", setting: "--threads") { try SettingValue.threads($0, setting: "--threads") }
        }
        #expect(throws: SettingError.emptyListItem(setting: "--kernels", list: "xnnpack,")) {
            try SettingValue.list("xnnpack,", setting: "--kernels") { $0 }
        }
    }

    @Test("non-finite numbers are refused", arguments: [Double.nan, .infinity, -.infinity])
    func finite(_ value: Double) {
        #expect(throws: SettingError.self) { try SettingValue.finite(value, setting: "--input-mean") }
    }
}

@Suite("Canonical configuration text round-trips exactly and never consults the filesystem")
struct CanonicalConfigurationTests {
    @Test("the canonical form lists the device and the keys in a fixed order, with % @ : , encoded in the path")
    func form() throws {
        var settings = RunSettings(backend: .edgetpu, threads: 2, kernels: .builtin, device: EdgeTPUDeviceSelector(kind: .usb, index: 0))
        settings.edgetpuPerformance = .max
        settings.usbQueueLength = 32
        let configuration = BenchConfiguration(modelPath: "dir/m@2x:a,b%c=d e.tflite", settings: settings)
        #expect(configuration.canonicalText == "dir/m%402x%3Aa%2Cb%25c=d e.tflite@usb:0:threads=2,kernels=builtin,performance=max,usb_queue=32")
        #expect(try BenchConfiguration(canonical: configuration.canonicalText) == configuration)
        #expect(BenchConfiguration(modelPath: "m.tflite", settings: RunSettings()).canonicalText == "m.tflite@cpu:kernels=xnnpack")
    }

    @Test("generated configurations print and parse back to equal values")
    func roundTrip() throws {
        var random = SplitMix64(state: 0x5EED_C0F1)
        let alphabet = Array("ab/._-@:,%= 1é")
        for _ in 0..<2000 {
            let length = 1 + random.below(24)
            let path = String((0..<length).map { _ in alphabet[random.below(alphabet.count)] })
            var settings = RunSettings()
            settings.backend = Backend.allCases[random.below(Backend.allCases.count)]
            if settings.backend == .edgetpu, random.below(2) == 0 {
                let kind: EdgeTPUDeviceSelector.Kind? = [nil, .usb, .pci][random.below(3)]
                let index: Int? = random.below(2) == 0 ? nil : random.below(8)
                settings.device = EdgeTPUDeviceSelector(kind: kind, index: index)
            }
            settings.threads = random.below(2) == 0 ? nil : 1 + random.below(256)
            settings.kernels = CPUKernels.allCases[random.below(CPUKernels.allCases.count)]
            settings.gpuPrecision = random.below(2) == 0 ? nil : GPUPrecision.allCases[random.below(GPUPrecision.allCases.count)]
            settings.gpuFallback = random.below(2) == 0
            settings.edgetpuPerformance = random.below(2) == 0 ? nil : EdgeTPUPerformance.allCases[random.below(4)]
            settings.usbQueueLength = random.below(2) == 0 ? nil : random.below(256)
            settings.forceEdgeTPU = random.below(4) == 0
            settings.kernelsChosen = random.below(2) == 0
            // Input shapes by index or by tensor names with the syntax's own characters, digits-only names included.
            let nameAlphabet = Array("ab_:,=;@%/ 07é\t")
            settings.inputShapes = (0..<random.below(4)).map { _ in
                let selector: TensorSelector = random.below(3) == 0
                    ? .index(random.below(12))
                    : .name(String((0..<(1 + random.below(10))).map { _ in nameAlphabet[random.below(nameAlphabet.count)] }))
                let dimensions = (0..<(1 + random.below(InputShape.maxRank))).map { _ in 1 + random.below(random.below(2) == 0 ? 4 : 4096) }
                return InputShape(selector: selector, dimensions: dimensions)
            }
            let configuration = BenchConfiguration(modelPath: path, settings: settings)
            let text = configuration.canonicalText
            #expect(try BenchConfiguration(canonical: text) == configuration, "\(text)")
        }
    }

    @Test("input shapes and a kernel choice without fallback have keys: input_shape=SEL=DxD;… and kernel_fallback=false")
    func inputShapesAndFallback() throws {
        var settings = RunSettings()
        settings.inputShapes = [InputShape(selector: .index(0), dimensions: [1, 224, 224, 3]),
                                InputShape(selector: .name("serving_default:x,y=1"), dimensions: [2, 3]),
                                InputShape(selector: .name("7"), dimensions: [5])]
        var configuration = BenchConfiguration(modelPath: "m.tflite", settings: settings)
        #expect(configuration.canonicalText == "m.tflite@cpu:kernels=xnnpack,input_shape=0=1x224x224x3;serving_default%3Ax%2Cy%3D1=2x3;%37=5")
        let read = try BenchConfiguration(canonical: configuration.canonicalText)
        #expect(read == configuration)
        #expect(read.settings.inputShapes[2].selector == .name("7"), "a name of digits stays a name")
        configuration.settings.kernelsChosen = true
        configuration.settings.inputShapes = []
        #expect(configuration.canonicalText == "m.tflite@cpu:kernels=xnnpack,kernel_fallback=false")
        #expect(try BenchConfiguration(canonical: configuration.canonicalText) == configuration)
        // Texts written before the key existed read as "may fall back", the default of a run that chose no kernels.
        #expect(try BenchConfiguration(canonical: "m.tflite@cpu:kernels=xnnpack").settings.kernelsChosen == false)
    }

    @Test("a configuration's input_shape key wins over defaults; a contradicting --input-shape flag is a usage error")
    func inputShapeKeyAgainstFlag() throws {
        let keyed = try BenchConfiguration.sweep(models: ["m.tflite:input_shape=0=2x3"], flags: ConfigurationFlags())
        #expect(keyed.map(\.settings.inputShapes) == [[InputShape(selector: .index(0), dimensions: [2, 3])]])
        let same = try BenchConfiguration.sweep(models: ["m.tflite:input_shape=0=2x3"],
                                                flags: ConfigurationFlags(inputShapes: [InputShape(selector: .index(0), dimensions: [2, 3])]))
        #expect(same == keyed)
        #expect(throws: SettingError.self) {
            try BenchConfiguration.sweep(models: ["m.tflite:input_shape=0=2x3"],
                                         flags: ConfigurationFlags(inputShapes: [InputShape(selector: .index(0), dimensions: [4, 3])]))
        }
        #expect(throws: EdgeBenchError.self) { try BenchConfiguration(canonical: "m.tflite@cpu:kernels=xnnpack,input_shape=0=2x0") }
        #expect(throws: EdgeBenchError.self) { try BenchConfiguration(canonical: "m.tflite@cpu:kernels=xnnpack,input_shape=0") }
        #expect(throws: EdgeBenchError.self) { try BenchConfiguration(canonical: "m.tflite@cpu:kernels=xnnpack,input_shape=%4=2") }
    }

    @Test("canonical text names files by their decoded path only, even when the encoded name exists")
    func noFilesystem() throws {
        let configuration = try BenchConfiguration(canonical: "a%40b.tflite@cpu:kernels=xnnpack")
        #expect(configuration.modelPath == "a@b.tflite")
        #expect(throws: EdgeBenchError.self) { try BenchConfiguration(canonical: "a%4.tflite@cpu:kernels=xnnpack") }
        #expect(throws: EdgeBenchError.self) { try BenchConfiguration(canonical: "no-device.tflite") }
    }
}

@Suite("Settings a backend ignores are dropped from its configurations")
struct RelevantSettingsTests {
    @Test("bench --backend cpu,gpu --gpu-precision fp16 --edgetpu-performance low: precision only on the GPU, the clock nowhere")
    func dropsIgnoredSettings() throws {
        let flags = ConfigurationFlags(backends: [.cpu, .gpu], precision: .fp16, performance: .low)
        let configurations = try BenchConfiguration.sweep(models: ["m.tflite"], flags: flags)
        #expect(configurations.map(\.canonicalText) == ["m.tflite@cpu:kernels=xnnpack", "m.tflite@gpu:kernels=xnnpack,precision=fp16"])
    }
}
