import EdgeBenchLabels
import CFuzzerDriver

/// libFuzzer entry point: parses the input as a labels file's text, read as UTF-8 (with replacement)
/// and, as `Labels(contentsOf:)` falls back to, as ISO Latin-1.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let labels = Labels(parsing: String(decoding: bytes, as: UTF8.self))
    _ = labels[0]
    _ = labels.count
    let latin1 = String(bytes.map { Character(Unicode.Scalar($0)) })
    _ = Labels(parsing: latin1).count
    return 0
}

/// The program's entry point (SwiftPM aliases `main` to it): hands control to libFuzzer.
@_cdecl("FuzzLabels_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    edgebench_fuzzer_main(argc, argv) { data, size in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
            fuzz(data ?? UnsafePointer(empty.baseAddress!), size)
        }
    }
}
