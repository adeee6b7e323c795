import ArgumentParser
import EdgeBench
import enum EdgeBenchKit.RawRunFlow
import Foundation
import Presentation

extension Edgebench {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a model on numbers, raw bytes or random input and print every output with its real shape.",
            discussion: """
                Inputs are chosen by name or index (split at the last '='); a bare list is input 0. Inputs given \
                nothing get seeded random values in their range (the output says so). Numbers are converted to the \
                input's type (quantized when the input is quantized); outputs are dequantized and printed with the \
                shape LiteRT gave them after running; detection models (TFLite_Detection_PostProcess) also print \
                their boxes, classes and scores.
                  edgebench run iris_lite.tflite --input 7.9,3.8,6.4,2.0
                  edgebench run ssd_head.tflite                                  (12 inputs, all random)
                  edgebench run m.tflite --input input_1=0.5,0.1 --input-file 1=raw.bin
                  edgebench run dynamic.tflite --input-shape 0=4,3
                """)

        @Argument(help: "The .tflite model, optionally MODEL@DEVICE (usb, usb:0, pci, :0, gpu).")
        var model: String

        @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Numbers for an input, [NAME_OR_INDEX=]1,2,3 (repeatable; negative numbers allowed).", valueName: "input=numbers"))
        var input: [String] = []

        @Option(name: .customLong("input-file"), help: ArgumentHelp("A file whose raw bytes become an input, [NAME_OR_INDEX=]PATH (repeatable; exactly the input's size).", valueName: "input=path"))
        var inputFile: [String] = []

        @Option(parsing: .unconditional, help: "How many times to run the model (1...100000).")
        var runs: Int = 1

        @Option(help: "Output format: text (also called table) or json.")
        var format: OutputFormat = .text

        @OptionGroup var runtime: RuntimeOptions

        func validate() throws {
            try format.require([.text, .json], command: "run")
            try runtime.requireSingleValues()
            guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 100000 (got \(runs)).") }
        }

        func run() throws {
            let assignments = try input.map(RawInputAssignment.numbers) + inputFile.map(RawInputAssignment.file)
            let configuration = try runtime.configuration(for: model)
            if !configuration.settings.inputShapes.isEmpty {
                let file = try ModelFile(path: configuration.modelPath)
                try InputShapePlan.checkEveryOverrideMatches(configuration.settings.inputShapes, inputNames: [file.format.inputTensors.map(\.name)])
            }
            try CustomOperatorSupport.check(modelPath: configuration.modelPath, settings: configuration.settings)
            let report = try RawRunFlow.run(modelPath: configuration.modelPath, inputs: assignments, runs: runs, settings: configuration.settings,
                                           runtime: runtime.runtime(), notice: { Terminal.notice($0) })
            switch format {
            case .json: print(try JSONText.encode(report))
            default: print(RawRunText.render(report), terminator: "")  // text (require() refused csv and markdown)
            }
            for note in report.notes { Terminal.notice("note: " + note) }
        }
    }
}
