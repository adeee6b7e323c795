/// An 8-bit RGB image: interleaved `R G B` bytes, row-major, top row first.
///
/// A value type; safe to share between tasks.
public struct RGBImage: Sendable, Equatable {
    /// Width in pixels (always > 0).
    public let width: Int
    /// Height in pixels (always > 0).
    public let height: Int
    /// `width * height * 3` bytes, `R G B` per pixel, rows from top to bottom.
    public let pixels: [UInt8]

    /// Creates an image from interleaved RGB bytes.
    ///
    /// - Parameters:
    ///   - width: Width in pixels, > 0.
    ///   - height: Height in pixels, > 0.
    ///   - pixels: Exactly `width * height * 3` bytes, top row first.
    /// - Throws: ``ImageError/invalidDimensions(width:height:byteCount:)`` when a size is not positive
    ///   or the byte count does not match.
    public init(width: Int, height: Int, pixels: [UInt8]) throws {
        guard width > 0, height > 0 else {
            throw ImageError.invalidDimensions(width: width, height: height, byteCount: pixels.count)
        }
        let (area, overflow1) = width.multipliedReportingOverflow(by: height)
        let (bytes, overflow2) = area.multipliedReportingOverflow(by: 3)
        guard !overflow1, !overflow2, bytes == pixels.count else {
            throw ImageError.invalidDimensions(width: width, height: height, byteCount: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates an image whose invariants the caller has already established.
    init(unchecked width: Int, height: Int, pixels: [UInt8]) {
        assert(width > 0 && height > 0 && pixels.count == width * height * 3)
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The `(r, g, b)` of the pixel at column `x`, row `y` (row 0 is the top), or `nil` outside the image.
    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8)? {
        guard x >= 0, x < width, y >= 0, y < height else { return nil }
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }
}
