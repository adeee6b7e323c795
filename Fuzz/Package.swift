// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for edgebench's parsers of untrusted input.
//
// The parser modules are the main package's own sources, reached through symlinks that
// `scripts/fuzz.sh` creates (and .gitignore hides) — nothing is copied:
//   Sources/ModelFormat  -> ../../Sources/ModelFormat
//   Sources/Imaging      -> ../../Sources/Imaging
//   Sources/CTurboJPEG   -> ../../Sources/CTurboJPEG
//   Sources/CPNG         -> ../../Sources/CPNG
//   Sources/CResample    -> ../../Sources/CResample (the resize's C kernels)
//   Sources/FileAccess   -> ../../Sources/FileAccess (bounded file reading, used by both parsers)
//   Sources/EdgeBenchLabels/Labels.swift -> Sources/EdgeBench/Labels.swift (the parser alone)
// Build (what scripts/fuzz.sh runs):
//   swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
let package = Package(
    name: "edgebench-fuzz",
    dependencies: [
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg"),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng"),
        .target(name: "FileAccess"),
        .target(name: "CResample"),
        .target(name: "Imaging", dependencies: ["CTurboJPEG", "CPNG", "FileAccess", "CResample"]),
        .target(name: "ModelFormat", dependencies: ["FileAccess", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "EdgeBenchLabels"),
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "FuzzTFLite", dependencies: ["ModelFormat", "CFuzzerDriver"]),
        .executableTarget(name: "FuzzMetadata", dependencies: ["ModelFormat", "CFuzzerDriver"]),
        .executableTarget(name: "FuzzEdgeTPUPackage", dependencies: ["ModelFormat", "CFuzzerDriver"]),
        .executableTarget(name: "FuzzBMP", dependencies: ["Imaging", "CFuzzerDriver"]),
        .executableTarget(name: "FuzzJPEGPNG", dependencies: ["Imaging", "CFuzzerDriver"]),
        .executableTarget(name: "FuzzLabels", dependencies: ["EdgeBenchLabels", "CFuzzerDriver"]),
    ]
)
