import ModelFormat
import CFuzzerDriver

/// libFuzzer entry point: parses the input as the custom options (a FlexBuffer map holding a `DWN1`
/// package under key "4") of an `edgetpu-custom-op`, and reads the package's derived totals.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let package = try? EdgeTPUPackage(customOptions: ArraySlice(bytes)) else { return 0 }
    _ = package.cachedParameterBytes
    _ = package.streamedParameterBytes
    _ = package.cachingToken
    return 0
}

/// The program's entry point (SwiftPM aliases `main` to it): hands control to libFuzzer.
@_cdecl("FuzzEdgeTPUPackage_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    edgebench_fuzzer_main(argc, argv) { data, size in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
            fuzz(data ?? UnsafePointer(empty.baseAddress!), size)
        }
    }
}
