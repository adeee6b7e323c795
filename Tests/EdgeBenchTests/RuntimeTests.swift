import FixtureSupport
import EdgeBench
import Foundation
import Testing

@Suite("Finding and installing the LiteRT runtime")
struct RuntimeTests {
    @Test("EDGEBENCH_LITERT wins over the cache")
    func explicitPath() throws {
        let directory = TemporaryDirectory()
        let library = directory.path + "/libLiteRt.so"
        _ = FileManager.default.createFile(atPath: library, contents: Data([0]))
        let location = try RuntimeLocation.find(environment: ["EDGEBENCH_LITERT": library, "HOME": directory.path])
        #expect(location.path == library)
        #expect(location.source == "EDGEBENCH_LITERT")
    }

    @Test("the cache follows XDG_CACHE_HOME and is versioned")
    func cacheDirectory() {
        #expect(RuntimeLocation.cacheDirectory(environment: ["XDG_CACHE_HOME": "/x"]) == "/x/edgebench/litert/2.3.0")
        #expect(RuntimeLocation.cacheDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.cache/edgebench/litert/2.3.0")
    }

    @Test("a missing runtime names every place searched")
    func notFound() {
        let environment = ["EDGEBENCH_LITERT": "/nonexistent/libLiteRt.so", "XDG_CACHE_HOME": "/nonexistent-cache"]
        #expect(throws: EdgeBenchError.runtimeNotFound(searched: [
            "EDGEBENCH_LITERT=/nonexistent/libLiteRt.so (no such file)",
            "/nonexistent-cache/edgebench/litert/2.3.0/libLiteRt.so",
        ])) {
            try RuntimeLocation.find(environment: environment)
        }
    }

    @Test("auto-install can be switched off, leaving the not-found error")
    func noAutoInstall() {
        let environment = ["XDG_CACHE_HOME": "/nonexistent-cache", "EDGEBENCH_NO_AUTO_INSTALL": "1"]
        #expect(throws: EdgeBenchError.self) { try RuntimeLocation.findOrInstall(environment: environment) { _ in } }
    }

    @Test("pip failing is reported as a failed download with what to do")
    func pipFails() throws {
        let directory = TemporaryDirectory()
        let fakePython = directory.path + "/python-without-pip"
        try "#!/bin/sh\necho 'No module named pip' >&2\nexit 1\n".write(toFile: fakePython, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakePython)
        let installer = RuntimeInstaller(cacheDirectory: directory.path + "/cache/2.3.0", python: fakePython)
        do {
            _ = try installer.install()
            Issue.record("expected the install to fail")
        } catch let EdgeBenchError.runtimeInstallFailed(step, detail) {
            #expect(step.contains("downloading the wheel"))
            #expect(detail.contains("apt-get install python3-pip"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/cache/2.3.0"))
    }

    @Test("a wheel whose library is not LiteRT is rejected and nothing is installed")
    func wrongLibraryInWheel() throws {
        let directory = TemporaryDirectory()
        let wheel = try FakeWheel.make(in: directory.path, library: Data("not a library".utf8))
        let installer = RuntimeInstaller(cacheDirectory: directory.path + "/cache/2.3.0", python: try FakeWheel.python(copying: wheel, in: directory.path))
        #expect(throws: EdgeBenchError.self) { try installer.install() }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/cache/2.3.0"))
    }

    @Test("a wheel with the real runtime installs atomically into the cache", .enabled(if: Fixtures.runtimeAvailable))
    func installFromWheel() throws {
        let directory = TemporaryDirectory()
        let real = try RuntimeLocation.find()
        let wheel = try FakeWheel.make(in: directory.path, library: try Data(contentsOf: URL(fileURLWithPath: real.path)))
        let cache = directory.path + "/cache/2.3.0"
        let installer = RuntimeInstaller(cacheDirectory: cache, python: try FakeWheel.python(copying: wheel, in: directory.path))
        let location = try installer.install()
        #expect(location.path == cache + "/libLiteRt.so")
        #expect(FileManager.default.fileExists(atPath: cache + "/libLiteRt.so"))
        #expect((try? String(contentsOfFile: cache + "/VERSION", encoding: .utf8)) == "2.3.0")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/cache").filter { $0.hasPrefix(".install") }
        #expect(leftovers.isEmpty)
    }
}

/// Builds a wheel-shaped zip and a stand-in for `python3 -m pip download` that copies it.
enum FakeWheel {
    static func make(in directory: String, library: Data) throws -> String {
        let staging = directory + "/wheel-content/ai_edge_litert"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try library.write(to: URL(fileURLWithPath: staging + "/libLiteRt.so"))
        let wheel = directory + "/ai_edge_litert-2.3.0-cp311-cp311-manylinux_2_27_x86_64.whl"
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.arguments = ["python3", "-c", "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2])", wheel, directory + "/wheel-content"]
        try zip.run()
        zip.waitUntilExit()
        try FileManager.default.moveItem(atPath: wheel + ".zip", toPath: wheel)
        return wheel
    }

    /// A script that accepts pip's arguments and copies `wheel` into the `-d` folder.
    static func python(copying wheel: String, in directory: String) throws -> String {
        let script = directory + "/fake-python"
        let text = """
            #!/bin/sh
            while [ $# -gt 0 ]; do case "$1" in -d) shift; dest="$1";; esac; shift; done
            cp '\(wheel)' "$dest/"
            """
        try text.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        return script
    }
}
