import FixtureSupport
import Foundation
import Imaging
import Testing

/// The shared test images, in the fixtures folder FixtureSupport resolves (`$EDGEBENCH_FIXTURES`, or `../shared/fixtures`).
enum Fixtures {
    /// The fixtures directory (it may not exist).
    static let directory = URL(fileURLWithPath: FixtureSupport.Fixtures.directory, isDirectory: true)

    /// Whether the fixture images are present; suites that need them are disabled otherwise.
    static let available: Bool =
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("images/parrot.jpg").path)

    /// Why fixture-based suites were skipped.
    static let missingNote: Comment =
        "Fixture images not found at \(directory.path)/images; set EDGEBENCH_FIXTURES to the fixtures directory."

    /// The URL of `images/<name>`.
    static func image(_ name: String) -> URL {
        directory.appendingPathComponent("images").appendingPathComponent(name)
    }

    /// The bytes of `images/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: image(name)))
    }
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

/// A fresh scratch directory under the system's temporary directory; call `remove()` when done.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ImagingTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String, contents: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(contents).write(to: file)
        return file
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

extension RGBImage {
    /// The pixel at column `x`, row `y` as `[r, g, b]`, or `nil` outside the image.
    func rgb(_ x: Int, _ y: Int) -> [UInt8]? {
        pixel(x: x, y: y).map { [$0.r, $0.g, $0.b] }
    }
}
