// swift-tools-version: 6.1
import PackageDescription

// An app built on edgebench's library products only: it depends on the package by path and takes the
// EdgeBenchKit product (no GRDB, no ArgumentParser is compiled for it).
let package = Package(
    name: "ClassifyFolder",
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder's name (a clone may be called anything).
        .package(name: "edgebench", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "ClassifyFolder", dependencies: [
            .product(name: "EdgeBenchKit", package: "edgebench"),
        ]),
        // The per-call cost of the public API over the raw binding (a measurement, not part of the example).
        .executableTarget(name: "InvokeOverhead", dependencies: [
            .product(name: "EdgeBenchKit", package: "edgebench"),
            .product(name: "LiteRT", package: "edgebench"),
        ]),
    ]
)
