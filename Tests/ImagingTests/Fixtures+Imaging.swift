import FixtureSupport
import Foundation
import Imaging
import Testing

extension Fixtures {
    /// Why fixture-based suites were skipped.
    static let missingNote: Comment =
        "Fixture images not found at \(directory)/images; set EDGEBENCH_FIXTURES to the fixtures directory."

    /// The URL of `images/<name>`.
    static func imageURL(_ name: String) -> URL { URL(fileURLWithPath: image(name)) }
}

/// 64-bit FNV-1a, used to compare whole images with checksums recorded from Pillow.
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}

extension RGBImage {
    /// The pixel at column `x`, row `y` as `[r, g, b]`, or `nil` outside the image.
    func rgb(_ x: Int, _ y: Int) -> [UInt8]? {
        pixel(x: x, y: y).map { [$0.r, $0.g, $0.b] }
    }
}
