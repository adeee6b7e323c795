// swift-tools-version: 6.1
import PackageDescription

// The accuracy pipeline's speed, in a release build that does not compile the CLI (no GRDB, postgres-nio or
// ArgumentParser): it runs `AccuracyEvaluator`, the code `edgebench accuracy` runs, and times decode, resize and
// invoke separately. Build: swift build -c release (from this folder).
let package = Package(
    name: "AccuracyPipeline",
    dependencies: [
        .package(name: "edgebench", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "AccuracyPipeline", dependencies: [
            .product(name: "EdgeBench", package: "edgebench"),
            .product(name: "Imaging", package: "edgebench"),
        ]),
    ]
)
