import FixtureSupport
import Foundation
import Testing

private let quickBench = ["--runs", "10", "--min-time", "0.2", "--no-history", "--quiet"]
private let noInstall = ["EDGEBENCH_NO_AUTO_INSTALL": "1"]

private func fileType(_ path: String) -> mode_t {
    var info = stat()
    guard lstat(path, &info) == 0 else { return 0 }
    return info.st_mode & S_IFMT
}

@Suite("Output paths are checked first and never destroyed; inputs are read under limits",
       .serialized, .enabled(if: CLI.available && Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
struct CLIFilesTests {
    let model = Fixtures.model("iris_lite.tflite")

    @Test("--output in a missing folder exits 74 before any model is loaded or measured")
    func missingFolder() throws {
        for flag in ["--output", "--html"] {
            let result = try CLI.run(["bench", model, flag, "/missing/x.json"] + quickBench, environment: noInstall)
            #expect(result.status == 74, "\(flag): \(result.stderr)")
            #expect(result.stderr.contains("/missing/x.json") && result.stderr.contains("the folder /missing does not exist"), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "nothing was measured, so no report: \(result.stdout)")
        }
        let compare = try CLI.run(["compare", model, model + ":threads=1", "--output", "/missing/x.json"] + quickBench, environment: noInstall)
        #expect(compare.status == 74 && compare.stdout.isEmpty, "\(compare.stderr)")
        let report = try CLI.run(["report", "/missing/results.json", "-o", "/missing/r.html"], environment: noInstall)
        #expect(report.status == 74, "the output is checked before the results are read: \(report.stderr)")
        let convert = try CLI.run(["convert", "--dequantize", model, "-o", "/missing/m.tflite"], environment: noInstall)
        #expect(convert.status == 74, "\(convert.stderr)")
    }

    @Test("a directory as --output exits 74 naming it")
    func directoryOutput() throws {
        let directory = TemporaryDirectory()
        let result = try CLI.run(["synth", "mobilenet_v1", "--alpha", "0.25", "--size", "32", "-o", directory.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("it is a directory"), "\(result.stderr)")
    }

    @Test("synth -o through a symbolic link keeps the link and writes its target")
    func synthThroughLink() throws {
        let directory = TemporaryDirectory()
        let target = directory.path + "/model.tflite", link = directory.path + "/link.tflite"
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "model.tflite")
        let result = try CLI.run(["synth", "mobilenet_v1", "--alpha", "0.25", "--size", "32", "-o", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(fileType(link) == S_IFLNK)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: target)))
        #expect(bytes.count > 1000 && Array(bytes[4..<8]) == Array("TFL3".utf8))
    }

    @Test("a FIFO as the model exits 3 saying it is not a regular file, without hanging")
    func fifoModel() throws {
        let directory = TemporaryDirectory()
        let fifo = directory.path + "/model.tflite"
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try CLI.run(["inspect", fifo], environment: noInstall, timeout: 20)
        #expect(!result.timedOut)
        #expect(result.status == 3)
        #expect(result.stderr.contains("not a regular file (it is a FIFO"), "\(result.stderr)")
    }

    @Test("a 20 GB sparse model exits 3 naming its size and the limit")
    func hugeModel() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/big.tflite"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 20 << 30)
        try handle.close()
        let result = try CLI.run(["inspect", path], environment: noInstall, timeout: 20)
        #expect(result.status == 3)
        #expect(result.stderr.contains("20.0 GiB") && result.stderr.contains("2147483647 bytes"), "\(result.stderr)")
    }

    @Test("a results file over the 256 MiB limit is refused by report, naming the limit")
    func hugeResults() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/results.json"
        _ = FileManager.default.createFile(atPath: path, contents: Data("{".utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 300 << 20)
        try handle.close()
        let result = try CLI.run(["report", path, "-o", directory.path + "/r.html"], environment: noInstall, timeout: 20)
        #expect(result.status == 3)
        #expect(result.stderr.contains("results file") && result.stderr.contains("268435456 bytes"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/r.html"))
    }

    @Test("a FIFO as the image or labels of classify exits 3 without hanging",
          .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
    func fifoImageAndLabels() throws {
        let directory = TemporaryDirectory()
        let fifo = directory.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), image = Fixtures.image("cat.bmp")
        for arguments in [["classify", model, fifo], ["classify", model, image, "--labels", fifo]] {
            let result = try CLI.run(arguments, timeout: 30)
            #expect(!result.timedOut && result.status == 3, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("not a regular file (it is a FIFO)"), "\(result.stderr)")
        }
    }

    @Test("a symbolic-link loop as the model says so")
    func linkLoop() throws {
        let directory = TemporaryDirectory()
        let loop = directory.path + "/loop.tflite"
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let result = try CLI.run(["inspect", loop], environment: noInstall)
        #expect(result.status == 3)
        #expect(result.stderr.contains("too many levels of symbolic links"), "\(result.stderr)")
    }
}

@Suite("bench writes reports to special files and picks the format from the extension",
       .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIOutputFormatTests {
    let model = Fixtures.model("iris_lite.tflite")

    @Test("bench --output to a stand-in /dev/null succeeds and leaves a character device",
          .enabled(if: getuid() == 0, "mknod needs root"))
    func devNull() throws {
        let directory = TemporaryDirectory()
        let null = directory.path + "/null"
        #expect(mknod(null, S_IFCHR | 0o666, makedev(1, 3)) == 0)
        let result = try CLI.run(["bench", model, "--output", null] + quickBench)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(fileType(null) == S_IFCHR)
    }

    @Test("bench --html to a stand-in /dev/full exits 74 with the reason, and the device stays",
          .enabled(if: getuid() == 0, "mknod needs root"))
    func devFull() throws {
        let directory = TemporaryDirectory()
        let full = directory.path + "/full"
        #expect(mknod(full, S_IFCHR | 0o666, makedev(1, 7)) == 0)
        let result = try CLI.run(["bench", model, "--html", full] + quickBench)
        #expect(result.status == 74)
        #expect(result.stderr.contains(full) && result.stderr.contains("no space left on device"), "\(result.stderr)")
        #expect(fileType(full) == S_IFCHR)
    }

    @Test("--output x.json without --format writes JSON; the screen keeps the text table")
    func jsonFromExtension() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/x.json"
        let result = try CLI.run(["bench", model, "--output", path] + quickBench)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect((object?["schema"] as? String)?.hasPrefix("edgebench.bench/") == true)
        #expect(result.stdout.contains("p50 ms"), "\(result.stdout)")
    }

    @Test("--output x.csv and x.md pick csv and markdown; an explicit --format is used as given")
    func otherExtensions() throws {
        let directory = TemporaryDirectory()
        let csv = directory.path + "/x.csv", markdown = directory.path + "/x.md", explicit = directory.path + "/y.json"
        #expect(try CLI.run(["bench", model, "--output", csv] + quickBench).status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("label,model,model_sha256"))
        #expect(try CLI.run(["bench", model, "--output", markdown] + quickBench).status == 0)
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).contains("| configuration |"))
        #expect(try CLI.run(["bench", model, "--format", "table", "--output", explicit] + quickBench).status == 0)
        #expect(try String(contentsOfFile: explicit, encoding: .utf8).contains("p50 ms"))
    }
}
