// swift-tools-version: 6.1
import PackageDescription

// Layout: one module per concern.
//   CLiteRT      – our own C declarations of the LiteRT 2.3.0 C API types (no upstream headers).
//   LiteRT       – dlopen-based, typed Swift binding over CLiteRT (the only unsafe layer for the runtime).
//   CEdgeTPU     – our declarations of libedgetpu's C API, LiteRT's accelerator registration, and the
//                  TF 2.5 → LiteRT 2.3 TfLiteRegistration ABI shim (C by nature: by-value structs, callbacks).
//   EdgeTPU      – libedgetpu discovery, device listing, accelerator registration (Swift over CEdgeTPU).
//   CTurboJPEG / CPNG – system libraries from Debian's -dev packages.
//   FileAccess   – bounded reads of input files (size limit and magic checked before reading, no mmap).
//   Imaging      – decode JPEG/PNG/BMP, resize, convert to tensors.
//   ModelFormat  – a bounds-checked reader of .tflite files (FlatBuffers) and their metadata.
//   Benchmarking – interleaved measurement, HDR-histogram statistics, confidence intervals.
//   Results      – the results vocabulary: bench/profile/memory value types, machine fingerprint, analysis,
//                  schema versions, exit statuses (Benchmarking and Foundation only).
//   Presentation – every text/Markdown/CSV/HTML renderer of results, the HTML report and its charts.
//   EdgeBench    – classification, backends, runtime discovery/installation, measuring.
//   EdgeBenchKit – the public library API: Interpreter (load once, run many, typed tensors), ImageClassifier.
//   Reports      – the SQLite result history (GRDB), the regression gate, Prometheus text (no LiteRT).
//   HistoryPostgreSQL – the result history on a PostgreSQL server (postgres-nio), for fleets.
//   edgebench    – the command-line tool, a thin layer over EdgeBench, EdgeBenchKit (classify, run) and Reports.
let package = Package(
    name: "edgebench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "edgebench", targets: ["edgebench"]),
        // Library products, smallest first; none of them pulls in GRDB or ArgumentParser.
        .library(name: "LiteRT", targets: ["LiteRT"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "EdgeBenchKit", targets: ["EdgeBenchKit"]),
        .library(name: "EdgeBench", targets: ["EdgeBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "CLiteRT"),
        .target(name: "LiteRT", dependencies: ["CLiteRT"]),
        .target(name: "CEdgeTPU"),
        .target(name: "EdgeTPU", dependencies: ["CEdgeTPU", "LiteRT"]),
        .target(name: "CEdgeTPUTestSupport", dependencies: ["CEdgeTPU"]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .target(name: "FileAccess"),
        // The resize's two passes with 32-bit vector multiplies (SSE4.1/AVX2 chosen at run time); see CResample.h.
        .target(name: "CResample"),
        .target(name: "Imaging", dependencies: ["CTurboJPEG", "CPNG", "FileAccess", "CResample"]),
        .target(name: "ModelFormat", dependencies: [
            "FileAccess",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "Benchmarking", dependencies: [
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        .target(name: "Results", dependencies: ["Benchmarking"]),
        .target(name: "EdgeBench", dependencies: [
            "Results", "LiteRT", "EdgeTPU", "Imaging", "ModelFormat", "Benchmarking", "FileAccess",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "EdgeBenchKit", dependencies: ["EdgeBench", "Results", "LiteRT", "EdgeTPU", "Imaging", "FileAccess"]),
        .target(name: "Reports", dependencies: [
            "Results", "Benchmarking",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // A fleet's shared history on a PostgreSQL server; apart from Reports so that its tests stay NIO-free.
        .target(name: "HistoryPostgreSQL", dependencies: [
            "Results", "Reports",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // Renders what Results holds (and Reports' check outcomes); TerminalText comes from ModelFormat.
        .target(name: "Presentation", dependencies: ["Results", "Reports", "ModelFormat"]),
        .executableTarget(name: "edgebench", dependencies: [
            "EdgeBench", "EdgeBenchKit", "Results", "Presentation", "Reports", "HistoryPostgreSQL", "LiteRT", "EdgeTPU", "ModelFormat",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Shared by the test targets: where the fixtures and the runtime are, temporary folders.
        .target(name: "FixtureSupport", path: "Tests/FixtureSupport"),
        .testTarget(name: "LiteRTTests", dependencies: ["LiteRT", "FixtureSupport"]),
        .testTarget(name: "EdgeTPUTests", dependencies: ["EdgeTPU", "LiteRT", "CEdgeTPU", "CEdgeTPUTestSupport", "FixtureSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "FixtureSupport"]),
        .testTarget(name: "ModelFormatTests", dependencies: ["ModelFormat", "FixtureSupport"]),
        .testTarget(name: "BenchmarkingTests", dependencies: ["Benchmarking", "FixtureSupport"]),
        .testTarget(name: "EdgeBenchTests", dependencies: ["EdgeBench", "EdgeBenchKit", "Results", "Presentation", "LiteRT", "EdgeTPU", "Imaging", "ModelFormat", "FileAccess", "FixtureSupport"]),
        .testTarget(name: "EdgeBenchKitTests", dependencies: ["EdgeBenchKit", "FixtureSupport"]),
        .testTarget(name: "ReportsTests", dependencies: [
            "Reports", "Results", "Presentation", "Benchmarking",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CLITests", dependencies: ["EdgeBench", "FixtureSupport"]),
    ]
)
