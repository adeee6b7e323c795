import Imaging
import CFuzzerDriver

/// libFuzzer entry point: decodes the input as a BMP. The first two bytes are forced to "BM" so that
/// every input reaches the Swift BMP decoder rather than stopping at format sniffing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.count >= 2 {
        bytes[0] = 0x42
        bytes[1] = 0x4D
    }
    guard let image = try? ImageDecoder.decode(bytes: bytes, name: "fuzz.bmp") else { return 0 }
    _ = image.pixel(x: image.width - 1, y: image.height - 1)
    return 0
}

/// The program's entry point (SwiftPM aliases `main` to it): hands control to libFuzzer.
@_cdecl("FuzzBMP_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    edgebench_fuzzer_main(argc, argv) { data, size in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
            fuzz(data ?? UnsafePointer(empty.baseAddress!), size)
        }
    }
}
