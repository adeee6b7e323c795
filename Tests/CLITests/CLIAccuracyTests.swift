import FixtureSupport
import Foundation
import Testing

@Suite("accuracy from the command line", .serialized, .enabled(if: CLI.available && Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct CLIAccuracyTests {
    /// macaw/parrot.jpg, Egyptian_cat/{cat.bmp, cat_720p.jpg, broken.jpg}, military_uniform/grace_hopper.bmp, daisy/sunflower.bmp.
    static func dataset() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory()
        let layout = ["macaw": ["parrot.jpg"], "Egyptian_cat": ["cat.bmp", "cat_720p.jpg"], "military_uniform": ["grace_hopper.bmp"], "daisy": ["sunflower.bmp"]]
        for (name, images) in layout {
            try FileManager.default.createDirectory(atPath: directory.path + "/" + name, withIntermediateDirectories: true)
            for image in images { try FileManager.default.copyItem(atPath: Fixtures.image(image), toPath: directory.path + "/\(name)/\(image)") }
        }
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]).write(to: URL(fileURLWithPath: directory.path + "/Egyptian_cat/broken.jpg"))
        return directory
    }

    static let models = ["mobilenet_v2_1.0_224_float_dq.tflite", "mobilenet_v2_1.0_224_quant.tflite", "tf2_mobilenet_v2_1.0_224_ptq.tflite"].map(Fixtures.model)

    @Test("three MobileNet builds: accuracies with intervals, agreement, McNemar p-values, the corrupt image skipped and listed")
    func threeModels() throws {
        let dataset = try Self.dataset()
        let result = try CLI.run(["accuracy"] + Self.models + ["--dataset", dataset.path, "--labels", Fixtures.labels("imagenet_labels.txt"), "--latency-runs", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("top-1 [95% CI]") && out.contains("100.0% [56.6, 100.0]"), "\(out)")
        #expect(out.contains("agreement [95% CI]") && out.contains("McNemar b/c"))
        #expect(out.components(separatedBy: "0/0          1.0000").count - 1 == 2, "a p-value per compared configuration")
        #expect(out.contains("Skipped 1 image that could not be decoded") && out.contains("Egyptian_cat/broken.jpg"))
        #expect(out.contains("Preprocessing: exact decode, whole image"))
        #expect(out.contains("Per-class top-1:"))
    }

    @Test("--output x.json writes the documented schema, with absent values as null")
    func json() throws {
        let dataset = try Self.dataset()
        let output = TemporaryDirectory()
        let path = output.path + "/accuracy.json"
        let result = try CLI.run(["accuracy", "--no-history", Self.models[1], Self.models[2], "--dataset", dataset.path, "--labels", Fixtures.labels("imagenet_labels.txt"),
                                  "--latency-runs", "2", "--output", path, "--html", output.path + "/accuracy.html", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(object["schema"] as? String == "edgebench.accuracy/1")
        let configurations = try #require(object["configurations"] as? [[String: Any]])
        #expect(configurations.count == 2)
        #expect(configurations[0]["vs_baseline"] is NSNull)
        let comparison = try #require(configurations[1]["vs_baseline"] as? [String: Any])
        #expect((comparison["mcnemar"] as? [String: Any])?["p_value"] as? Double == 1)
        #expect((object["skipped"] as? [[String: Any]])?.count == 1)
        #expect((object["preprocessing"] as? [String: Any])?["center_crop"] is NSNull)
        let matrix = try #require(object["agreement_matrix"] as? [[[String: Any]]])
        #expect(matrix.count == 2 && matrix.allSatisfy { $0.count == 2 })
        #expect(matrix[0][0]["value"] as? Double == 1)
        let page = try String(contentsOfFile: output.path + "/accuracy.html", encoding: .utf8)
        #expect(page.contains("<svg") && page.contains("Top-1 agreement") && page.contains("broken.jpg"))
    }

    @Test("a class folder no label matches is refused (exit 3) and named; --skip-unknown runs without it")
    func unknownClass() throws {
        let dataset = try Self.dataset()
        try FileManager.default.createDirectory(atPath: dataset.path + "/not_a_label", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.image("bird.bmp"), toPath: dataset.path + "/not_a_label/bird.bmp")
        let refused = try CLI.run(["accuracy", "--no-history", Self.models[1], "--dataset", dataset.path, "--labels", Fixtures.labels("imagenet_labels.txt")])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("not_a_label") && refused.stderr.contains("--skip-unknown"))
        let skipped = try CLI.run(["accuracy", "--no-history", Self.models[1], "--dataset", dataset.path, "--labels", Fixtures.labels("imagenet_labels.txt"), "--skip-unknown", "--latency-runs", "0"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout.contains("Left out (--skip-unknown): not_a_label"))
    }

    @Test("bad values are usage errors (64); a missing dataset is bad input (3); an explicit --format wins over --output's extension")
    func usage() throws {
        let dataset = try Self.dataset()
        let crop = try CLI.run(["accuracy", "--no-history", Self.models[1], "--dataset", dataset.path, "--center-crop", "0"])
        #expect(crop.status == 64)
        #expect(crop.stderr.contains("--center-crop"))
        // One rule with bench and check: an explicit --format is written as given, whatever the extension says.
        let directory = TemporaryDirectory()
        let explicit = try CLI.run(["accuracy", "--no-history", Self.models[1], "--dataset", dataset.path, "--format", "csv", "--output", directory.path + "/x.json", "--labels", Fixtures.labels("imagenet_labels.txt"), "--skip-unknown",
                                    "--latency-runs", "0"])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        let written = try String(contentsOfFile: directory.path + "/x.json", encoding: .utf8)
        #expect(written == explicit.stdout && !written.hasPrefix("{"))
        let missing = try CLI.run(["accuracy", "--no-history", Self.models[1], "--dataset", dataset.path + "/none"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("does not exist"))
    }

    @Test("an Edge TPU configuration without a device is listed as unavailable; the others still run")
    func unavailable() throws {
        let dataset = try Self.dataset()
        let result = try CLI.run(["accuracy", "--no-history", Self.models[1], Fixtures.model("mobilenet_v2_1.0_224_quant_edgetpu.tflite") + "@usb",
                                  "--dataset", dataset.path, "--labels", Fixtures.labels("imagenet_labels.txt"), "--latency-runs", "0", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows[2].contains(",exact,unavailable,"))
    }
}
