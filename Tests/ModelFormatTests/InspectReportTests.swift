import FixtureSupport
import Foundation
import Testing
@testable import ModelFormat

@Suite("Inspect report", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct InspectReportTests {
    static let requiredKeys: Set<String> = ["inputs", "outputs", "operators", "macs_total", "parameter_bytes_total",
                                            "metadata", "edgetpu"]

    private func json(_ name: String) throws -> [String: Any] {
        let report = InspectReport(model: try Fixtures.tfliteModel(name))
        let object = try JSONSerialization.jsonObject(with: try report.jsonData(prettyPrinted: false))
        return try #require(object as? [String: Any])
    }

    @Test("the JSON has the documented keys, with null metadata and edgetpu for a plain model")
    func plainModel() throws {
        let object = try json("mobilenet_v2_1.0_224_quant.tflite")
        #expect(Self.requiredKeys.isSubset(of: Set(object.keys)))
        #expect(object["metadata"] is NSNull)
        #expect(object["edgetpu"] is NSNull)
        #expect((object["macs_total"] as? Int) == 300_775_552)
        let input = try #require((object["inputs"] as? [[String: Any]])?.first)
        #expect(Set(input.keys) == ["name", "type", "shape", "quantization"])
        #expect(input["type"] as? String == "uint8")
        #expect(input["shape"] as? [Int] == [1, 224, 224, 3])
        let quantization = try #require(input["quantization"] as? [String: Any])
        #expect(Set(quantization.keys) == ["scale", "zero_point"])
        #expect(quantization["zero_point"] as? Int == 128)
        let op = try #require((object["operators"] as? [[String: Any]])?.first)
        #expect(Set(op.keys) == ["index", "opcode", "macs", "parameter_bytes"])
        #expect(op["opcode"] as? String == "CONV_2D")
    }

    @Test("float tensors have null quantization")
    func floatModel() throws {
        let input = try #require((try json("iris_lite.tflite")["inputs"] as? [[String: Any]])?.first)
        #expect(input["quantization"] is NSNull)
    }

    @Test("a compiled model reports its Edge TPU placement")
    func compiledModel() throws {
        let edgetpu = try #require(try json("keras_lstm_mnist_ptq_edgetpu.tflite")["edgetpu"] as? [String: Any])
        #expect(Set(edgetpu.keys) == ["subgraphs", "cached_parameter_bytes", "streamed_parameter_bytes", "cpu_ops",
                                      "caching_token", "compiler_version", "min_runtime_version"])
        #expect(edgetpu["cached_parameter_bytes"] as? Int == 43_968)
        #expect(edgetpu["streamed_parameter_bytes"] as? Int == 576)
        #expect(edgetpu["cpu_ops"] as? [String] == [])
        #expect(edgetpu["caching_token"] as? String == "0x6cad28922f0b3db3")
    }

    @Test("metadata is summarized with normalization and label count")
    func metadata() throws {
        let metadata = try #require(try json("tf2_mobilenet_v2_1.0_224_ptq.tflite")["metadata"] as? [String: Any])
        #expect(metadata["name"] as? String == "ImageClassifier")
        #expect(metadata["label_count"] as? Int == 1001)
        let normalization = try #require(metadata["input_normalization"] as? [String: Any])
        #expect(normalization["mean"] as? [Double] == [127.5])
    }

    @Test("the report round-trips through JSON")
    func roundTrip() throws {
        let report = InspectReport(model: try Fixtures.tfliteModel("tf2_mobilenet_v2_1.0_224_ptq.tflite"))
        let decoded = try JSONDecoder().decode(InspectReport.self, from: try report.jsonData())
        #expect(decoded == report)
    }

    @Test("the text summary names tensors, operators, compute and placement")
    func text() throws {
        let plain = InspectReport(model: try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant.tflite")).renderText(showOps: false)
        #expect(plain.contains("input  uint8 [1, 224, 224, 3]  scale 0.0078125 zero point 128"))
        #expect(plain.contains("CONV_2D            36"))
        #expect(plain.contains("300.78 M MACs"))
        #expect(plain.contains("Edge TPU (predicted): 66 of 66 operators map to 1 subgraph, 0 stay on the CPU"))
        #expect(!plain.contains("param bytes"))

        let compiled = InspectReport(model: try Fixtures.tfliteModel("mobilenet_v2_1.0_224_quant_edgetpu.tflite")).renderText(showOps: true)
        #expect(compiled.contains("Edge TPU: 1 subgraph"))
        #expect(compiled.contains("CPU ops: none"))
        #expect(compiled.contains("CUSTOM(edgetpu-custom-op)"))
        #expect(compiled.contains("param bytes"))
    }
}
