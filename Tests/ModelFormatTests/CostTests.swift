import FixtureSupport
import Testing
@testable import ModelFormat

/// A published MobileNet figure (TensorFlow's model tables: MACs and parameters in millions).
struct PublishedCost: Sendable, CustomTestStringConvertible {
    let model: String
    let millionMACs: Double
    let millionParameters: Double
    var testDescription: String { model }
}

@Suite("Cost model", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct CostTests {
    /// Within 2% of the published figure, or within its rounding (the tables round to whole millions of MACs
    /// and to 0.01 M parameters).
    static func close(_ measured: Int, _ publishedMillions: Double, rounding: Double) -> Bool {
        let value = Double(measured) / 1e6
        return abs(value - publishedMillions) <= max(0.02 * publishedMillions, rounding / 2)
    }

    @Test("MobileNet MACs and parameters match the published figures", arguments: [
        PublishedCost(model: "mobilenet_v2_1.0_224_quant.tflite", millionMACs: 300, millionParameters: 3.47),
        PublishedCost(model: "mobilenet_v2_1.0_224_float_dq.tflite", millionMACs: 300, millionParameters: 3.47),
        PublishedCost(model: "tf2_mobilenet_v2_1.0_224_ptq.tflite", millionMACs: 300, millionParameters: 3.47),
        PublishedCost(model: "mobilenet_v1_0.25_128_quant.tflite", millionMACs: 14, millionParameters: 0.47),
        PublishedCost(model: "mobilenet_v1_0.5_160_quant.tflite", millionMACs: 77, millionParameters: 1.32),
    ])
    func publishedFigures(expected: PublishedCost) throws {
        let cost = try Fixtures.tfliteModel(expected.model).cost()
        #expect(Self.close(cost.macsTotal, expected.millionMACs, rounding: 1), "MACs \(cost.macsTotal)")
        #expect(Self.close(cost.parameterCountTotal, expected.millionParameters, rounding: 0.01),
                "parameters \(cost.parameterCountTotal)")
    }

    @Test("exact figures of the fixtures")
    func exactFigures() throws {
        #expect(try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite").cost().macsTotal == 300_775_552)
        #expect(try Fixtures.tfliteModel("mobilenet_v1_0.25_128_quant.tflite").cost().macsTotal == 13_570_304)
        #expect(try Fixtures.tfliteModel("mobilenet_v1_0.5_160_quant.tflite").cost().macsTotal == 76_525_312)
    }

    @Test("the Iris MLP costs 4×16 + 16×3 MACs and peaks at input + first activation")
    func iris() throws {
        let cost = try Fixtures.tfliteModel("iris_lite.tflite").cost()
        #expect(cost.macsTotal == 4 * 16 + 16 * 3)
        #expect(cost.operators.map(\.macs) == [64, 48, 0])
        #expect(cost.parameterCountTotal == 4 * 16 + 16 + 16 * 3 + 3)
        #expect(cost.parameterBytesTotal == 4 * (4 * 16 + 16 + 16 * 3 + 3))
        #expect(cost.peakActivationBytes == 4 * 4 + 16 * 4)
    }

    @Test("per-operator costs add up to the totals")
    func totals() throws {
        let cost = try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite").cost()
        #expect(cost.operators.reduce(0) { $0 + $1.macs } == cost.macsTotal)
        #expect(cost.operators.reduce(0) { $0 + $1.parameterBytes } == cost.parameterBytesTotal)
        // The first convolution: 112×112×32 outputs × 3×3×3.
        #expect(cost.operators[0].macs == 112 * 112 * 32 * 27)
        // The largest activation pair is the 112×112×96 expansion next to its input.
        #expect(cost.peakActivationBytes == 112 * 112 * 96 + 112 * 112 * 24)
    }

    @Test("the LSTM is costed from its weight matrices")
    func lstm() throws {
        let cost = try Fixtures.tfliteModel("keras_lstm_mnist_ptq.tflite").cost()
        #expect(cost.macsTotal > 0)
        let lstm = try #require(cost.operators.first { $0.opcode == "UNIDIRECTIONAL_SEQUENCE_LSTM" })
        #expect(lstm.macs > 0)
    }
}
