import Imaging
import CFuzzerDriver

/// libFuzzer entry point: decodes arbitrary bytes with `ImageDecoder` (JPEG through TurboJPEG, PNG through
/// libpng, after the Swift marker/chunk structure checks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let image = try? ImageDecoder.decode(bytes: bytes, name: "fuzz") else { return 0 }
    _ = image.pixel(x: image.width - 1, y: image.height - 1)
    return 0
}

/// The program's entry point (SwiftPM aliases `main` to it): hands control to libFuzzer.
@_cdecl("FuzzJPEGPNG_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    edgebench_fuzzer_main(argc, argv) { data, size in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
            fuzz(data ?? UnsafePointer(empty.baseAddress!), size)
        }
    }
}
