// swift-tools-version: 6.1
import PackageDescription

// An app built on edgebench's library products only: it depends on the package by path and takes the
// EdgeBenchKit product (no GRDB, no ArgumentParser is compiled for it).
let package = Package(
    name: "ClassifyFolder",
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(name: "ClassifyFolder", dependencies: [
            .product(name: "EdgeBenchKit", package: "edgebench"),
        ]),
    ]
)
