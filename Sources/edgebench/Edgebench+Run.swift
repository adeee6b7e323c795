import ArgumentParser
import EdgeBench
import Foundation

extension Edgebench {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Feed numbers or raw bytes to a model's first input and print every output.",
            discussion: """
                Numbers are converted to the input's type (quantized when the input is quantized); outputs are \
                dequantized. The seed's iris example:
                  edgebench run iris_lite.tflite --input 7.9,3.8,6.4,2.0
                """)

        @Argument(help: "The .tflite model, optionally MODEL@DEVICE (usb, usb:0, pci, :0, gpu).")
        var model: String

        @Option(parsing: .unconditional, help: "Comma-separated numbers for input 0, e.g. 7.9,3.8,6.4,2.0 (negative numbers allowed).")
        var input: String?

        @Option(name: .customLong("input-file"), help: "A file whose raw bytes become input 0 (exactly its size).")
        var inputFile: String?

        @Option(help: "How many times to run the model.")
        var runs: Int = 1

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @OptionGroup var runtime: RuntimeOptions

        func validate() throws {
            if (input == nil) == (inputFile == nil) {
                throw ValidationError("Give exactly one of --input NUMBERS or --input-file FILE.")
            }
            guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 100000 (got \(runs)).") }
        }

        func run() throws {
            let raw: RawInput = try input.map(RawInput.parseNumbers) ?? .file(path: inputFile ?? "")
            let configuration = try BenchConfiguration.resolve(modelArgument: model, defaults: runtime.settings)
            try CustomOperatorSupport.check(modelPath: configuration.modelPath, settings: configuration.settings)
            let report = try RawRunner.run(modelPath: configuration.modelPath, input: raw, runs: runs, settings: configuration.settings,
                                           kernelsExplicit: runtime.kernelsExplicit, runtime: runtime.runtime(),
                                           notice: { Terminal.notice($0) })
            switch format {
            case .json: print(try JSONText.encode(report))
            case .text: print(RawRunText.render(report), terminator: "")
            }
        }
    }
}
