// swift-tools-version: 6.1
import PackageDescription

// Layout: one module per concern.
//   CLiteRT      – our own C declarations of the LiteRT 2.3.0 C API types (no upstream headers).
//   LiteRT       – dlopen-based, typed Swift binding over CLiteRT (the only unsafe layer for the runtime).
//   CTurboJPEG / CPNG – system libraries from Debian's -dev packages.
//   Imaging      – decode JPEG/PNG/BMP, resize, convert to tensors.
//   ModelFormat  – a bounds-checked reader of .tflite files (FlatBuffers) and their metadata.
//   Benchmarking – interleaved measurement, HDR-histogram statistics, confidence intervals.
//   EdgeBench    – classification, backends, runtime discovery/installation, results as Codable values.
//   edgebench    – the command-line tool, a thin layer over EdgeBench.
let package = Package(
    name: "edgebench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "edgebench", targets: ["edgebench"]),
        .library(name: "EdgeBench", targets: ["EdgeBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "CLiteRT"),
        .target(name: "LiteRT", dependencies: ["CLiteRT"]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .target(name: "Imaging", dependencies: ["CTurboJPEG", "CPNG"]),
        .target(name: "ModelFormat", dependencies: [
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "Benchmarking", dependencies: [
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .target(name: "EdgeBench", dependencies: [
            "LiteRT", "Imaging", "ModelFormat", "Benchmarking",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "edgebench", dependencies: [
            "EdgeBench",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "LiteRTTests", dependencies: ["LiteRT"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "ModelFormatTests", dependencies: ["ModelFormat"]),
        .testTarget(name: "BenchmarkingTests", dependencies: ["Benchmarking"]),
        .testTarget(name: "EdgeBenchTests", dependencies: ["EdgeBench"]),
        .testTarget(name: "CLITests", dependencies: ["EdgeBench"]),
    ]
)
