import ModelFormat
import CFuzzerDriver
import Foundation


/// libFuzzer entry point. The first byte chooses what the rest is:
/// - even: a `TFLITE_METADATA` FlatBuffer (`M001`), given to `ModelMetadata(bytes:)`;
/// - odd: a whole model file with a zip archive of associated files appended (or the model being the
///   zip, as the metadata populator writes it); when the model parses, every associated file the metadata
///   names, plus `labels.txt`, is extracted, and the embedded labels are read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if data[0] & 1 == 0 {
        _ = try? ModelMetadata(bytes: rest)
        return 0
    }
    guard let model = try? TFLiteModel(bytes: rest) else { return 0 }
    for name in model.associatedFileNames.prefix(8) + ["labels.txt"] {
        _ = try? model.associatedFile(named: name)
    }
    _ = model.embeddedLabels()
    _ = model.inputNormalization
    return 0
}

/// The program's entry point (SwiftPM aliases `main` to it): hands control to libFuzzer.
@_cdecl("FuzzMetadata_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    edgebench_fuzzer_main(argc, argv) { data, size in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
            fuzz(data ?? UnsafePointer(empty.baseAddress!), size)
        }
    }
}
