import Results
import EdgeBench
import LiteRT
import Testing

@Suite("Input quantization like pycoral, output dequantization, top-k")
struct TensorCodingTests {
    let uint8Input = TensorInfo(name: "input", elementType: .uint8, shape: [1, 1, 2, 3],
                                quantization: PerTensorQuantization(scale: 0.0078125, zeroPoint: 128))

    @Test("pixels are copied unchanged when scale*std = 1 and mean = zero point")
    func identity() {
        let pixels: [UInt8] = [0, 1, 127, 128, 200, 255]
        #expect(TensorCoding.encode(pixels: pixels, for: uint8Input, normalization: .pycoralDefault) == pixels)
    }

    @Test("other normalisations use (x - mean) / (std * scale) + zero point, rounded and clipped")
    func affine() {
        let pixels: [UInt8] = [0, 64, 127, 128, 200, 255]
        let encoded = TensorCoding.encode(pixels: pixels, for: uint8Input, normalization: InputNormalization(mean: 127.5, std: 127.5))
        // (x - 127.5) / (127.5 / 128) + 128
        let expected = pixels.map { p -> UInt8 in
            let value = ((Float(p) - 127.5) / (127.5 * 0.0078125) + 128).rounded()
            return UInt8(min(max(value, 0), 255))
        }
        #expect(encoded == expected)
        #expect(encoded.first == 0)
        #expect(encoded.last == 255)
    }

    @Test("int8 inputs with the identity normalisation are shifted by 128")
    func int8Identity() {
        let input = TensorInfo(name: "input", elementType: .int8, shape: [1, 1, 1, 3],
                               quantization: PerTensorQuantization(scale: 0.0078125, zeroPoint: 128))
        let encoded = TensorCoding.encode(pixels: [0, 128, 255], for: input, normalization: .pycoralDefault)
        #expect(encoded.map { Int8(bitPattern: $0) } == [-128, 0, 127])
    }

    @Test("float inputs get (x - mean) / std")
    func float() {
        let input = TensorInfo(name: "input", elementType: .float32, shape: [1, 1, 1, 3], quantization: nil)
        let encoded = TensorCoding.encode(pixels: [0, 128, 255], for: input, normalization: .pycoralDefault)
        let floats = encoded.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(floats == [-1, 0, 127.0 / 128])
    }

    @Test("numbers for a quantized input are quantized and clamped")
    func numbers() {
        let bytes = TensorCoding.encode(numbers: [0, 1, -1, 1000], for: uint8Input)
        #expect(bytes == [128, 255, 0, 255])
    }

    @Test("uint8 outputs are dequantized with their scale and zero point")
    func dequantize() {
        let output = TensorInfo(name: "out", elementType: .uint8, shape: [1, 3], quantization: PerTensorQuantization(scale: 0.5, zeroPoint: 10))
        let values = [UInt8]([10, 12, 0]).withUnsafeBytes { TensorCoding.decode($0, as: output) }
        #expect(values == [0, 1, -5])
    }

    @Test("top-k picks the best scores first, keeps only scores above the threshold and breaks ties by index")
    func topK() {
        let scores: [Double] = [0.1, 0.5, 0.2, 0.5, 0.05, 0]
        #expect(scores.topK(3).map(\.index) == [1, 3, 2])
        #expect(scores.topK(10, threshold: 0.2).map(\.index) == [1, 3])
        #expect(scores.topK(10).count == 5)
        #expect(scores.topK(2, labels: Labels(["a", "b", "c", "d", "e"])).map(\.label) == ["b", "d"])
    }
}
