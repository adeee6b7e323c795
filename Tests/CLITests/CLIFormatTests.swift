import FixtureSupport
import Foundation
import Testing

/// Every reporting command takes the conventions' `--format` values; one that has no table for a format says so.
@Suite("--format on every reporting command", .serialized, .enabled(if: CLI.available && Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
struct CLIFormatTests {
    @Test("inspect, classify and run accept table for text and refuse csv and markdown as a usage error naming what they write",
          arguments: ["inspect", "classify", "run"])
    func textOrJSONCommands(command: String) throws {
        var arguments = [command, Fixtures.model("iris_lite.tflite")]
        if command == "classify" { arguments = [command, Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), Fixtures.image("cat.bmp")] }
        for format in ["csv", "markdown"] {
            let refused = try CLI.run(arguments + ["--format", format])
            #expect(refused.status == 64, "\(command) --format \(format): \(refused.stderr)")
            #expect(refused.stderr.contains("\(command) writes text or json, not \(format)"), "\(refused.stderr)")
        }
        if command == "inspect" {
            let table = try CLI.run(arguments + ["--format", "table"])
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout == (try CLI.run(arguments + ["--format", "text"])).stdout)
        }
    }

    @Test("estimate writes text, json or markdown and refuses csv")
    func estimate() throws {
        let refused = try CLI.run(["estimate", Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), "--no-cpu-timing", "--format", "csv"])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("estimate writes text, json or markdown, not csv"), "\(refused.stderr)")
    }
}
