import Results
import EdgeBench
import enum EdgeBenchKit.ClassifyFlow
import FixtureSupport
import LiteRT
import Testing

@Suite("Quantizing odd numbers never traps: NaN and infinities are clipped, not converted")
struct TrapFreeConversionTests {
    let uint8Input = TensorInfo(name: "input", elementType: .uint8, shape: [1, 1, 1, 3],
                                quantization: PerTensorQuantization(scale: 0.0078125, zeroPoint: 128))
    let int8Input = TensorInfo(name: "input", elementType: .int8, shape: [1, 1, 1, 3],
                               quantization: PerTensorQuantization(scale: 0.0078125, zeroPoint: -1))

    @Test("a NaN or infinite mean or std on a quantized image input gives clipped bytes",
          arguments: [InputNormalization(mean: .nan, std: 128), InputNormalization(mean: 128, std: .nan),
                      InputNormalization(mean: .infinity, std: 128), InputNormalization(mean: -.infinity, std: 1),
                      InputNormalization(mean: 0, std: .leastNonzeroMagnitude)])
    func pixels(_ normalization: InputNormalization) {
        for input in [uint8Input, int8Input] {
            #expect(TensorCoding.encode(pixels: [0, 128, 255], for: input, normalization: normalization).count == 3)
        }
        let nan = TensorCoding.encode(pixels: [0, 128, 255], for: uint8Input, normalization: InputNormalization(mean: .nan, std: 128))
        #expect(nan == [0, 0, 0])
        let huge = TensorCoding.encode(pixels: [0, 255], for: uint8Input, normalization: InputNormalization(mean: -.infinity, std: 1))
        #expect(huge == [255, 255])
    }

    @Test("numbers beyond every integer type's range are clipped to it", arguments: [ElementType.uint8, .int8, .int16, .int32, .int64])
    func numbers(_ type: ElementType) {
        let input = TensorInfo(name: "x", elementType: type, shape: [4], quantization: PerTensorQuantization(scale: 1e-30, zeroPoint: 0))
        let bytes = TensorCoding.encode(numbers: [.nan, .infinity, -.infinity, 1e300], for: input)
        #expect(!bytes.isEmpty)
    }
}

@Suite("A NaN normalisation reaching the library classifies without a trap", .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct NonFiniteClassificationTests {
    /// The CLI refuses `--input-mean nan`; a library caller may not, and the uint8 model used to die with SIGILL here.
    @Test("mobilenet_v1_0.25_128_quant on cat.bmp with mean NaN or std infinity", arguments: [(Float.nan, Float(128)), (Float(128), Float.infinity)])
    func nanMean(_ mean: Float, _ std: Float) throws {
        var request = ClassifyRequest(modelPath: Fixtures.model("mobilenet_v1_0.25_128_quant.tflite"), imagePath: Fixtures.image("cat.bmp"))
        request.runs = 1
        request.inputMean = mean
        request.inputStd = std
        let report = try ClassifyFlow.classify(request)
        #expect(report.timingsMs.count == 1)
    }
}
