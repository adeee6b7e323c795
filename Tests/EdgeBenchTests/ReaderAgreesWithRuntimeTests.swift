import FixtureSupport
import EdgeBench
import enum EdgeBenchKit.ClassifyFlow
import Foundation
import LiteRT
import ModelFormat
import Testing

/// edgebench's own reader and the LiteRT runtime must describe every fixture model the same way.
@Suite("The model reader agrees with LiteRT", .serialized, .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
struct ReaderAgreesWithRuntimeTests {
    static var models: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.directory + "/models")) ?? []).filter { $0.hasSuffix(".tflite") }.sorted()
    }

    @Test("inputs and outputs: names, types, shapes and quantization", arguments: models)
    func inputsAndOutputs(_ name: String) throws {
        let file = try ModelFile(path: Fixtures.model(name))
        let library = try RuntimeLocation.find().load()
        let model: LiteRT.Model
        do {
            model = try LiteRT.Model(bytes: file.bytes, name: name, environment: Environment(library: library))
        } catch let LiteRTError.callFailed(_, status, _, log) where log.contains("Variable tensors not yet supported") {
            // LiteRT 2.3.0's CompiledModel API refuses stateful models (the Keras LSTM); our reader must see why.
            #expect(status == .unsupported)
            #expect(file.format.mainSubgraph.tensors.contains { $0.isVariable }, "LiteRT says \(name) has variable tensors")
            return
        }
        let pairs = zip(file.format.inputTensors, model.inputs).map { ($0, $1) } + zip(file.format.outputTensors, model.outputs).map { ($0, $1) }
        #expect(file.format.inputTensors.count == model.inputs.count)
        #expect(file.format.outputTensors.count == model.outputs.count)
        for (ours, runtime) in pairs {
            // LiteRT describes a tensor by its shape signature (-1 for a dynamic dimension) when the file has one.
            #expect((ours.shapeSignature ?? ours.shape) == runtime.shape, "\(ours.name): reader \(ours.shape) / \(ours.shapeSignature.map { "\($0)" } ?? "no signature"), LiteRT \(runtime.shape)")
            #expect(ElementType(ours.type) == runtime.elementType, "\(ours.name)")
            #expect(ours.quantization.flatMap(PerTensorQuantization.init) == runtime.quantization, "\(ours.name)")
        }
    }

    @Test("a model with embedded labels classifies with label names and no --labels")
    func embeddedLabels() throws {
        var request = ClassifyRequest(modelPath: Fixtures.model("tf2_mobilenet_v2_1.0_224_ptq.tflite"), imagePath: Fixtures.image("parrot.jpg"))
        request.runs = 1
        let report = try ClassifyFlow.classify(request)
        #expect(report.labelsSource == "embedded")
        #expect(report.results.first?.index == 89)
        #expect(report.results.first?.label?.isEmpty == false)
    }
}
