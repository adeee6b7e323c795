import ModelFormat
import CFuzzerDriver
import Foundation


/// libFuzzer entry point: parses the input as a .tflite model and, when it is accepted, runs everything
/// `edgebench inspect` derives from it (report, text, JSON, cost, Edge TPU placement and compatibility) and
/// what `edgebench convert --dequantize` does with it, since all of that trusts what the parser validated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let model = try? TFLiteModel(bytes: bytes) else { return 0 }
    let report = InspectReport(model: model)
    _ = report.renderText(showOps: true)
    _ = try? report.jsonData(prettyPrinted: false)
    for index in model.subgraphs.indices { _ = model.cost(subgraph: index) }
    _ = try? model.edgeTPUPlacement()
    _ = model.edgeTPUCompatibility()
    _ = model.inputNormalization
    _ = model.minRuntimeVersion
    for op in model.mainSubgraph.operators {
        _ = model.customOptions(of: op)
        _ = try? model.builtinOptionsField(of: op, field: 0, default: Int32(0))
    }
    for tensor in model.mainSubgraph.tensors { _ = model.constantData(of: tensor) }
    for op in model.mainSubgraph.operators { _ = try? model.builtinOptions(of: op) }
    // `edgebench convert --dequantize`.
    if let converted = try? Dequantizer.dequantize(model) {
        _ = try? TFLiteModel(bytes: converted)
    }
    return 0
}

/// The program's entry point (SwiftPM aliases `main` to it): hands control to libFuzzer.
@_cdecl("FuzzTFLite_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    edgebench_fuzzer_main(argc, argv) { data, size in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
            fuzz(data ?? UnsafePointer(empty.baseAddress!), size)
        }
    }
}
