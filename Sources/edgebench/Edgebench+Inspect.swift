import ArgumentParser
import EdgeBench
import Foundation
import ModelFormat
import Presentation

extension Edgebench {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Describe a .tflite model from the file alone: tensors, ops, MACs, metadata, Edge TPU placement.",
            discussion: """
                Nothing is run. For an _edgetpu model it reports the Edge TPU subgraphs, the parameter bytes cached \
                on the chip and streamed per inference, and the ops left on the CPU; for other models an Edge TPU \
                compatibility report.

                Example: edgebench inspect mobilenet_v2_1.0_224_quant_edgetpu.tflite --ops
                """)

        @Argument(help: "The .tflite model.")
        var model: String

        @Flag(help: "Add a per-operator table.")
        var ops = false

        @Option(help: "Output format: text (also called table) or json.")
        var format: OutputFormat = .text

        func run() throws {
            try format.require([.text, .json], command: "inspect")
            let file = try ModelFile(path: model)
            let report = InspectReport(model: file.format)
            switch format {
            case .json: print(String(decoding: try report.jsonData(prettyPrinted: true), as: UTF8.self))
            default: print(report.renderText(showOps: ops), terminator: "")  // text (require() refused csv and markdown)
            }
        }
    }
}
