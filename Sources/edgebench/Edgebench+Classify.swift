import ArgumentParser
import EdgeBench
import enum EdgeBenchKit.ClassifyFlow
import Foundation
import Presentation

extension Edgebench {
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify an image with a TensorFlow Lite model and time each run.",
            discussion: """
                The image (JPEG, PNG or BMP) is resized to the model's input size with a Lanczos filter and \
                quantized like pycoral's classify_image. Labels and normalisation embedded in the model are used \
                when no flags are given. The first run is marked cold: LiteRT prepares the model on it.

                Example:
                  edgebench classify mobilenet_v2_1.0_224_quant.tflite parrot.jpg --labels imagenet_labels.txt
                """)

        @Argument(help: "The .tflite model, optionally MODEL@DEVICE (usb, usb:0, pci, :0, gpu).")
        var model: String

        @Argument(help: "The image: JPEG, PNG or BMP.")
        var image: String

        @Option(help: "A labels file: \"N  label\" lines, or one label per line.")
        var labels: String?

        @Option(name: .customLong("top-k"), parsing: .unconditional, help: "How many classes to show.")
        var topK: Int = 3

        @Option(parsing: .unconditional, help: "Show only classes scoring above this.")
        var threshold: Double = 0

        @Option(parsing: .unconditional, help: "How many times to run the model (1...100000).")
        var runs: Int = 5

        @Option(name: .customLong("input-mean"), parsing: .unconditional, help: "Input mean (default: the model's metadata, else 128).")
        var inputMean: Float?

        @Option(name: .customLong("input-std"), parsing: .unconditional, help: "Input standard deviation (default: the model's metadata, else 128).")
        var inputStd: Float?

        @Option(help: "Output format: text (also called table) or json.")
        var format: OutputFormat = .text

        @OptionGroup var runtime: RuntimeOptions

        func validate() throws {
            try format.require([.text, .json], command: "classify")
            try runtime.requireSingleValues()
            guard topK >= 1 else { throw ValidationError("--top-k must be at least 1 (got \(topK)).") }
            guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 100000 (got \(runs)).") }
            do {
                _ = try SettingValue.finite(threshold, setting: "--threshold")
                _ = try inputMean.map { try SettingValue.finite($0, setting: "--input-mean") }
                _ = try inputStd.map { try SettingValue.finite($0, setting: "--input-std") }
            } catch {
                throw ValidationError(error.localizedDescription)
            }
            if inputStd == 0 { throw ValidationError("--input-std must be a non-zero number (got 0).") }
        }

        func run() throws {
            let configuration = try runtime.configuration(for: model)
            var request = ClassifyRequest(modelPath: configuration.modelPath, imagePath: image)
            request.labelsPath = labels
            request.topK = topK
            request.threshold = threshold
            request.runs = runs
            request.settings = configuration.settings
            request.inputMean = inputMean
            request.inputStd = inputStd
            try CustomOperatorSupport.check(modelPath: configuration.modelPath, settings: configuration.settings)
            let report = try ClassifyFlow.classify(request, runtime: runtime.runtime())
            switch format {
            case .json: print(try JSONText.encode(report))
            default: print(ClassificationText.render(report), terminator: "")  // text (require() refused csv and markdown)
            }
            for warning in report.warnings { Terminal.notice("warning: " + warning) }
        }
    }
}
