import ArgumentParser
import EdgeBench
import Foundation
import ModelFormat

extension SyntheticArchitecture: ExpressibleByArgument {}
extension SyntheticDType: ExpressibleByArgument {}

extension Edgebench {
    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a synthetic MobileNet: the published architecture with deterministic made-up weights.",
            discussion: """
                Same ops, shapes and MACs as the published networks, so it benchmarks like the real model; the weights \
                are synthetic, so its labels are meaningless.

                Example: edgebench synth mobilenet_v2 --dtype int8 -o mnv2_int8.tflite
                """)

        @Argument(help: "mobilenet_v1 or mobilenet_v2.")
        var architecture: SyntheticArchitecture

        @Option(help: "Width multiplier (0.25, 0.5, 0.75, 1.0, …).")
        var alpha: Double = 1.0

        @Option(help: "Input size in pixels (32…512, a multiple of 32).")
        var size: Int = 224

        @Option(help: "float32, int8 or uint8 (full-integer quantized).")
        var dtype: SyntheticDType = .float32

        @Option(help: "Seed of the deterministic weights.")
        var seed: UInt64 = 1

        @Option(name: .shortAndLong, help: "The .tflite file to write.")
        var output: String

        func run() throws {
            try AtomicFile.checkWritable(output)
            let bytes: [UInt8]
            do {
                bytes = try SyntheticModels.make(architecture, alpha: alpha, size: size, dtype: dtype, seed: seed)
            } catch let error as ModelWriterError {
                throw ValidationError(error.localizedDescription)
            }
            try AtomicFile.write(Data(bytes), to: output)
            let model = try TFLiteModel(bytes: bytes)
            let cost = model.cost()
            print(String(format: "%@: %@ alpha %.2f %dx%d %@, %.1f M MACs, %.2f M parameters, %d bytes",
                         output, architecture.rawValue, alpha, size, size, dtype.rawValue,
                         Double(cost.macsTotal) / 1e6, Double(cost.parameterCountTotal) / 1e6, bytes.count))
            print("note: the weights are synthetic — timings are real, labels are meaningless.")
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a model; --dequantize turns a uint8/int8 model into a float32 one.",
            discussion: """
                Constants are dequantized, activations become float32, QUANTIZE/DEQUANTIZE ops are bypassed, and the fused \
                RELU6/RELU the quantized graph expressed by its output range is restored. The float input takes the real \
                value the quantized input stood for (for scale 1/128, zero point 128: (x-128)/128).

                Example: edgebench convert --dequantize mobilenet_v2_1.0_224_quant.tflite -o mobilenet_v2_float.tflite
                """)

        @Flag(help: "Dequantize to float32.")
        var dequantize = false

        @Argument(help: "The model to convert.")
        var input: String

        @Option(name: .shortAndLong, help: "The .tflite file to write.")
        var output: String

        func validate() throws {
            guard dequantize else { throw ValidationError("Say what to convert: --dequantize is the only conversion so far.") }
        }

        func run() throws {
            try AtomicFile.checkWritable(output)
            let file = try ModelFile(path: input)
            let bytes = try Dequantizer.dequantize(file.format)
            try AtomicFile.write(Data(bytes), to: output)
            let converted = try TFLiteModel(bytes: bytes)
            let inputs = converted.inputTensors.map { "\($0.type) \($0.shape)" }.joined(separator: ", ")
            print("\(output): float32 model, \(converted.mainSubgraph.operators.count) operators, inputs \(inputs)")
        }
    }
}
