import FixtureSupport
import Testing
@testable import ModelFormat

@Suite("Model metadata and embedded labels", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct MetadataTests {
    @Test("the TF2 MobileNet carries TFLite metadata with normalization and a label file")
    func tf2Metadata() throws {
        let model = try Fixtures.tfliteModel("tf2_mobilenet_v2_1.0_224_ptq.tflite")
        #expect(model.metadataError == nil)
        let metadata = try #require(model.metadata)
        #expect(metadata.name == "ImageClassifier")
        #expect(metadata.description == "Identify the most prominent object in the image from a known set of categories.")
        let subgraph = try #require(metadata.subgraphs.first)
        #expect(subgraph.inputTensors.first?.name == "image")
        #expect(subgraph.outputTensors.first?.name == "probability")
        if case .image(let colorSpace, _, _)? = subgraph.inputTensors.first?.content?.properties {
            #expect(colorSpace == "RGB")
        } else {
            Issue.record("input content is \(String(describing: subgraph.inputTensors.first?.content))")
        }
        let file = try #require(subgraph.outputTensors.first?.associatedFiles.first)
        #expect(file.name == "imagenet_labels.txt")
        #expect(file.type == .tensorAxisLabels)
        let normalization = try #require(model.inputNormalization)
        #expect(normalization.mean == [127.5])
        #expect(normalization.std == [127.5])
    }

    @Test("embedded labels come from the zip appended to the model")
    func embeddedLabels() throws {
        let model = try Fixtures.tfliteModel("tf2_mobilenet_v2_1.0_224_ptq.tflite")
        let labels = try #require(model.embeddedLabels())
        #expect(labels.count == 1001)
        #expect(labels[0] == "background")
        #expect(labels[1] == "tench, Tinca tinca")
    }

    // The fixture README says mobilenet_v2_1.0_224_quant.tflite embeds labels; the file has no TFLITE_METADATA
    // entry and no zip archive (checked with Python's zipfile), so only the TF2 model carries labels.
    @Test("models without TFLITE_METADATA report no metadata and no labels",
          arguments: ["mobilenet_v2_1.0_224_quant.tflite", "mobilenet_v2_1.0_224_quant_edgetpu.tflite",
                      "mobilenet_v1_0.25_128_quant.tflite", "iris_lite.tflite"])
    func noMetadata(name: String) throws {
        let model = try Fixtures.tfliteModel(name)
        #expect(model.metadata == nil)
        #expect(model.metadataError == nil)
        #expect(model.embeddedLabels() == nil)
        #expect(model.inputNormalization == nil)
    }

    @Test("a metadata buffer with the wrong identifier is badIdentifier")
    func wrongIdentifier() throws {
        let model = try Fixtures.tfliteModel("tf2_mobilenet_v2_1.0_224_ptq.tflite")
        var bytes = Array(try #require(model.metadataBuffer(named: ModelMetadata.entryName)))
        bytes[4] = UInt8(ascii: "X")
        #expect(throws: ModelFormatError.badIdentifier(found: "X001", expected: "M001")) {
            try ModelMetadata(bytes: bytes)
        }
    }
}
