import FixtureSupport
import Foundation
import Testing

/// Checks a usage error: exit 64, no signal, and a message on stderr naming `mentions`.
private func expectUsageError(_ result: CLIResult, mentions: String, _ what: String) {
    #expect(!result.signaled && !result.timedOut, "\(what): signal or timeout")
    #expect(result.status == 64, "\(what): exit \(result.status)\n\(result.stderr)")
    #expect(result.stderr.contains(mentions), "\(what): stderr does not mention \(mentions):\n\(result.stderr)")
    #expect(result.stdout.isEmpty, "\(what): printed to stdout")
}

/// Checks a bad-input error: exit 3 with one leading "edgebench: error:" line naming `mentions`.
private func expectBadInput(_ result: CLIResult, mentions: String, _ what: String) {
    expectDocumentedExit(result, what)
    #expect(result.status == 3, "\(what): exit \(result.status)\n\(result.stderr)")
    #expect(result.stderr.contains(mentions), "\(what): stderr does not mention \(mentions):\n\(result.stderr)")
}

private let noInstall = ["EDGEBENCH_NO_AUTO_INSTALL": "1"]

@Suite("Wrong arguments get a documented exit code and a clear message",
       .enabled(if: CLI.available && Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
struct ArgumentErrorTests {
    let model = Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")
    let image = Fixtures.image("cat.bmp")
    let iris = Fixtures.model("iris_lite.tflite")

    // MARK: Flags (rejected before any file is read)

    @Test("an unknown backend is a usage error listing the backends", arguments: ["classify", "run"])
    func unknownBackend(_ command: String) throws {
        let arguments = command == "classify" ? [command, model, image, "--backend", "tpu"]
            : [command, iris, "--input", "1,2,3,4", "--backend", "tpu"]
        let result = try CLI.run(arguments, environment: noInstall)
        expectUsageError(result, mentions: "edgetpu", arguments.joined(separator: " "))
    }

    @Test("an unknown kernels value is a usage error listing the kernels", arguments: ["classify", "run"])
    func unknownKernels(_ command: String) throws {
        let arguments = command == "classify" ? [command, model, image, "--kernels", "fast"]
            : [command, iris, "--input", "1,2,3,4", "--kernels", "fast"]
        let result = try CLI.run(arguments, environment: noInstall)
        expectUsageError(result, mentions: "reference", arguments.joined(separator: " "))
    }

    @Test("threads outside 1...256 are usage errors",
          arguments: ["--threads=0", "--threads=-1", "--threads=257", "--threads=2147483648", "--threads=99999999999999999999"])
    func threads(_ flag: String) throws {
        for arguments in [["classify", model, image, flag], ["run", iris, "--input", "1,2,3,4", flag]] {
            let result = try CLI.run(arguments, environment: noInstall)
            expectUsageError(result, mentions: "--threads", arguments.joined(separator: " "))
        }
    }

    /// `--threads -1` (with a space) is read as the value -1 (the option parses `.unconditional`), so the
    /// message gives the range rather than "Missing value".
    @Test("threads -1 given as a separate word is a usage error naming the range")
    func negativeThreadsAsWord() throws {
        let result = try CLI.run(["classify", model, image, "--threads", "-1"], environment: noInstall)
        expectUsageError(result, mentions: "--threads must be between 1 and 256 (got -1)", "classify --threads -1")
    }

    // MARK: Negative numbers as separate words

    /// ArgumentParser reads a word starting with "-" as a flag unless the option parses `.unconditional`, so
    /// `--input -1,2,3,4` or `--input-mean -1` failed with "Missing value" although the values are valid.
    @Test("negative values given as separate words are accepted", .enabled(if: Fixtures.runtimeAvailable))
    func negativeValues() throws {
        for arguments in [["run", iris, "--input", "-1,2,3,4"],
                          ["classify", model, image, "--runs", "1", "--input-mean", "-1"],
                          ["classify", model, image, "--runs", "1", "--threshold", "-1"]] {
            let result = try CLI.run(arguments, environment: noInstall, timeout: 60)
            #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
        }
    }

    // MARK: top-k

    @Test("top-k larger than the class count prints the classes there are", .enabled(if: Fixtures.runtimeAvailable))
    func topKBeyondClassCount() throws {
        struct Report: Decodable { struct Result: Decodable { var index: Int }; var results: [Result] }
        for k in ["1002", "5000", String(Int.max)] {
            let result = try CLI.run(["classify", model, image, "--top-k", k, "--runs", "1", "--format", "json"],
                                     environment: noInstall)
            #expect(result.status == 0, "top-k \(k): \(result.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
            // Only classes scoring above the threshold (0) are listed: fewer than 1001, none repeated.
            #expect(!report.results.isEmpty && report.results.count <= 1001)
            #expect(Set(report.results.map(\.index)).count == report.results.count)
        }
    }

    @Test("top-k 0 is a usage error")
    func topKZero() throws {
        let result = try CLI.run(["classify", model, image, "--top-k", "0"], environment: noInstall)
        expectUsageError(result, mentions: "--top-k", "classify --top-k 0")
    }

    // MARK: Files that are not files

    @Test("a directory as the model, image, labels or input file is bad input naming it")
    func directories() throws {
        let directory = TemporaryDirectory()
        var cases: [[String]] = [["inspect", directory.path]]
        if Fixtures.runtimeAvailable {
            cases += [["classify", directory.path, image], ["classify", model, directory.path],
                      ["classify", model, image, "--labels", directory.path],
                      ["run", directory.path, "--input", "1,2,3,4"], ["run", iris, "--input-file", directory.path]]
        }
        for arguments in cases {
            let result = try CLI.run(arguments, environment: noInstall, timeout: 60)
            expectBadInput(result, mentions: directory.path, arguments.joined(separator: " "))
            #expect(result.stderr.contains("directory"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("an unreadable file is bad input saying permission denied",
          .enabled(if: getuid() != 0, "root reads files whatever their mode"))
    func unreadableFiles() throws {
        let directory = TemporaryDirectory()
        func unreadableCopy(_ source: String, _ name: String) throws -> String {
            let path = directory.path + "/" + name
            try FileManager.default.copyItem(atPath: source, toPath: path)
            try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
            return path
        }
        let lockedModel = try unreadableCopy(model, "model.tflite")
        let lockedImage = try unreadableCopy(image, "image.bmp")
        let lockedLabels = try unreadableCopy(Fixtures.labels("imagenet_labels.txt"), "labels.txt")
        defer {
            for path in [lockedModel, lockedImage, lockedLabels] {
                try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            }
        }
        var cases: [(arguments: [String], file: String)] = [(["inspect", lockedModel], lockedModel)]
        if Fixtures.runtimeAvailable {
            cases += [(["classify", lockedModel, image], lockedModel), (["classify", model, lockedImage], lockedImage),
                      (["classify", model, image, "--labels", lockedLabels], lockedLabels)]
        }
        for (arguments, file) in cases {
            let result = try CLI.run(arguments, environment: noInstall, timeout: 60)
            expectBadInput(result, mentions: file, arguments.joined(separator: " "))
            #expect(result.stderr.lowercased().contains("permission"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("empty labels and input files are bad input", .enabled(if: Fixtures.runtimeAvailable))
    func emptyFiles() throws {
        let directory = TemporaryDirectory()
        let empty = directory.path + "/empty.txt", blank = directory.path + "/blank.txt"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        _ = FileManager.default.createFile(atPath: blank, contents: Data("\n \n\t\n".utf8))
        for arguments in [["classify", model, image, "--labels", empty], ["classify", model, image, "--labels", blank],
                          ["run", iris, "--input-file", empty]] {
            let result = try CLI.run(arguments, environment: noInstall, timeout: 60)
            expectBadInput(result, mentions: directory.path, arguments.joined(separator: " "))
        }
    }

    // MARK: Labels that do not fit the model

    @Test("labels whose count differs from the model's classes work, with a warning on stderr",
          .enabled(if: Fixtures.runtimeAvailable))
    func labelsCountMismatch() throws {
        let result = try CLI.run(["classify", model, image, "--labels", Fixtures.labels("pascal_voc_segmentation_labels.txt"),
                                  "--runs", "1"], environment: noInstall, timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning"), "\(result.stderr)")
        #expect(result.stderr.contains("1001"), "the warning names the class count: \(result.stderr)")
        #expect(!result.stderr.contains("error"), "\(result.stderr)")
    }
}
