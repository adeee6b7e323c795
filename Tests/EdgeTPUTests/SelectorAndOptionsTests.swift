import Foundation
@testable import EdgeTPU
import Testing

@Suite("Device strings parse exactly like pycoral's")
struct SelectorTests {
    @Test("valid device strings", arguments: [
        ("", nil, nil),
        ("usb", EdgeTPUDeviceSelector.Kind.usb, nil),
        ("usb:0", .usb, 0),
        ("usb:12", .usb, 12),
        ("pci", .pci, nil),
        ("pci:0", .pci, 0),
        ("pci:3", .pci, 3),
        (":0", nil, 0),
        (":7", nil, 7),
    ] as [(String, EdgeTPUDeviceSelector.Kind?, Int?)])
    func valid(text: String, kind: EdgeTPUDeviceSelector.Kind?, index: Int?) throws {
        let selector = try EdgeTPUDeviceSelector(parsing: text)
        #expect(selector.kind == kind)
        #expect(selector.index == index)
        #expect(selector.description == text, "round trip")
    }

    @Test("invalid device strings are refused with the offending text", arguments: [
        "USB", "Usb:0", "usb:", "pci:", ":", "usb:-1", ":-1", "usb:x", "usb:1x", "usb:0:1", "tpu", "usb0", " usb",
        "usb: 1", "usb:+1", "usb:1234567890", "usb:١",
    ])
    func invalid(text: String) {
        #expect(throws: EdgeTPUError.invalidDeviceSelector(text)) { try EdgeTPUDeviceSelector(parsing: text) }
    }

    @Test("the empty selector means any Edge TPU")
    func any() throws {
        #expect(try EdgeTPUDeviceSelector(parsing: "") == .any)
        #expect(EdgeTPUDeviceSelector.any.requestDescription == "any Edge TPU")
        #expect(try EdgeTPUDeviceSelector(parsing: "usb:1").requestDescription == "device \"usb:1\"")
    }

    @Test("device kinds map to edgetpu_device_type")
    func deviceTypes() {
        #expect(EdgeTPUDeviceSelector.Kind.usb.deviceType == 1)
        #expect(EdgeTPUDeviceSelector.Kind.pci.deviceType == 0)
    }
}

@Suite("Options become libedgetpu's delegate options")
struct OptionsTests {
    @Test("performance names parse in any case and map to libedgetpu's values")
    func performance() throws {
        #expect(try EdgeTPUPerformance(parsing: "LOW") == .low)
        #expect(try EdgeTPUPerformance(parsing: "max").optionValue == "Max")
        #expect(EdgeTPUPerformance.allCases.map(\.optionValue) == ["Low", "Medium", "High", "Max"])
        #expect(throws: EdgeTPUError.invalidPerformance("turbo")) { try EdgeTPUPerformance(parsing: "turbo") }
    }

    @Test("performance is always passed; the queue length only when set")
    func delegateOptions() throws {
        let plain = try EdgeTPUOptions().delegateOptions()
        #expect(plain.map(\.name) == ["Performance"])
        #expect(plain.map(\.value) == ["Max"])
        let tuned = try EdgeTPUOptions(performance: .low, usbMaxBulkInQueueLength: 64).delegateOptions()
        #expect(tuned.map(\.name) == ["Performance", "Usb.MaxBulkInQueueLength"])
        #expect(tuned.map(\.value) == ["Low", "64"])
    }

    @Test("queue lengths outside 0...255 are refused", arguments: [-1, 256, 1000])
    func queueLength(value: Int) {
        #expect(throws: EdgeTPUError.invalidUsbQueueLength(value: value, allowed: 0...255)) {
            try EdgeTPUOptions(usbMaxBulkInQueueLength: value).delegateOptions()
        }
    }
}

@Suite("Libraries are classified before their delegate runs")
struct CompatibilityTests {
    static let grouper = "a4dfb8d1a71385bd6d122e4f27f86dcebb96712d"

    func info(commit: String?, version: String = "BuildLabel(x), RuntimeVersion(14)") -> EdgeTPURuntimeInfo {
        EdgeTPURuntimeInfo(library: "/lib/libedgetpu.so.1", version: version,
                           runtimeVersion: EdgeTPULibraryFile.runtimeVersion(in: version), build: .direct,
                           tensorflowCommit: commit, devices: [])
    }

    @Test("libedgetpu 16.0 (TF 2.5, RuntimeVersion 14) needs the shim")
    func grouperNeedsShim() throws {
        let verdict = try EdgeTPULibraryCompatibility.classify(info(commit: Self.grouper), force: false)
        #expect(verdict.appliesShim)
        #expect(!verdict.forced)
        #expect(verdict.knownBuild?.registrationBytes == 64)
    }

    @Test("an unknown TensorFlow commit is refused with the risk explained")
    func unknownCommit() throws {
        let error = try #require(throws: EdgeTPUError.self) {
            try EdgeTPULibraryCompatibility.classify(info(commit: "5bc9d26649cca274750ad3625bd93422617eed4b"), force: false)
        }
        guard case let .unclassifiedRuntime(_, _, commit, reason) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(commit == "5bc9d26649cca274750ad3625bd93422617eed4b")
        #expect(reason.contains("not checked"))
        // The binding states the risk and what is known; what to do about it is edgebench's to say.
        let message = error.localizedDescription
        #expect(message.contains("corrupt memory"))
        #expect(message.contains("5bc9d26649cca274750ad3625bd93422617eed4b"))
        #expect(message.contains("16.0"))
        #expect(!message.contains("`edgebench") && !message.contains(" --"), "no command or flag in the binding's text")
    }

    @Test("no commit string, or a known commit with the wrong RuntimeVersion, is refused")
    func otherUnclassified() {
        #expect(throws: EdgeTPUError.self) { try EdgeTPULibraryCompatibility.classify(info(commit: nil), force: false) }
        #expect(throws: EdgeTPUError.self) {
            try EdgeTPULibraryCompatibility.classify(info(commit: Self.grouper, version: "BuildLabel(x), RuntimeVersion(15)"), force: false)
        }
        #expect(throws: EdgeTPUError.self) {
            try EdgeTPULibraryCompatibility.classify(info(commit: Self.grouper, version: "no version"), force: false)
        }
    }

    @Test("force accepts an unclassified library, with the shim")
    func forced() throws {
        let verdict = try EdgeTPULibraryCompatibility.classify(info(commit: nil), force: true)
        #expect(verdict.forced)
        #expect(verdict.appliesShim)
        #expect(verdict.knownBuild == nil)
    }

    @Test("RuntimeVersion is parsed from edgetpu_version()")
    func runtimeVersion() {
        #expect(EdgeTPULibraryFile.runtimeVersion(in: "BuildLabel(COMPILER=6.3.0 20170516,DATE=redacted), RuntimeVersion(14)") == 14)
        #expect(EdgeTPULibraryFile.runtimeVersion(in: "RuntimeVersion(13)") == 13)
        #expect(EdgeTPULibraryFile.runtimeVersion(in: "RuntimeVersion()") == nil)
        #expect(EdgeTPULibraryFile.runtimeVersion(in: "RuntimeVersion(14") == nil)
        #expect(EdgeTPULibraryFile.runtimeVersion(in: "") == nil)
    }

    @Test("markers are read from a file's bytes, bounded and printable")
    func markers() {
        let data = Data("junk\0TENSORFLOW_COMMIT=abc123\0PERFORMANCE=THROTTLED\0".utf8)
        #expect(EdgeTPULibraryFile.value(after: "TENSORFLOW_COMMIT=", in: data) == "abc123")
        #expect(EdgeTPULibraryFile.value(after: "PERFORMANCE=", in: data) == "THROTTLED")
        #expect(EdgeTPULibraryFile.value(after: "MISSING=", in: data) == nil)
        #expect(EdgeTPULibraryFile.value(after: "PERFORMANCE=", in: Data("PERFORMANCE=".utf8)) == nil)
        let long = Data(("TENSORFLOW_COMMIT=" + String(repeating: "a", count: 500)).utf8)
        #expect(EdgeTPULibraryFile.value(after: "TENSORFLOW_COMMIT=", in: long)?.count == EdgeTPULibraryFile.maximumValueLength)
    }
}

@Suite("Runtime information as JSON")
struct RuntimeInfoTests {
    @Test("keys are exactly the documented ones; unknown values are null")
    func keys() throws {
        let info = EdgeTPURuntimeInfo(library: "/usr/lib/libedgetpu.so.1", version: "BuildLabel(x), RuntimeVersion(14)",
                                      runtimeVersion: 14, build: nil, tensorflowCommit: nil,
                                      devices: [EdgeTPUDevice(type: .pci, path: "/dev/apex_0")])
        let data = try JSONEncoder().encode(info)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["library", "version", "runtime_version", "build", "tensorflow_commit", "devices"])
        #expect(object["build"] is NSNull)
        #expect(object["tensorflow_commit"] is NSNull)
        let device = try #require((object["devices"] as? [[String: Any]])?.first)
        #expect(Set(device.keys) == ["type", "path", "usb_speed_mbps"])
        #expect(device["type"] as? String == "pci")
        #expect(device["usb_speed_mbps"] is NSNull)
        #expect(try JSONDecoder().decode(EdgeTPURuntimeInfo.self, from: data) == info)
    }

    @Test("a USB 2 link gets a note; USB 3 and PCIe do not")
    func usbNote() {
        let slow = EdgeTPUDevice(type: .usb, path: "/sys/bus/usb/devices/1-1", usbSpeedMbps: 480)
        #expect(slow.note?.contains("USB 2") == true)
        #expect(slow.note?.contains("4x slower") == true)
        #expect(EdgeTPUDevice(type: .usb, path: "/sys/bus/usb/devices/2-1", usbSpeedMbps: 5000).note == nil)
        #expect(EdgeTPUDevice(type: .pci, path: "/dev/apex_0").note == nil)
        #expect(EdgeTPUDevice(type: .pci, path: "/dev/apex_0").usbSpeedMbps == nil)
    }
}
