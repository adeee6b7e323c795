/// Resource limits applied to untrusted image files before any pixel memory is allocated.
public struct ImageLimits: Sendable {
    /// The largest accepted `width * height`; larger images are rejected with ``ImageError/tooLarge(path:width:height:maxPixels:)``.
    public var maxPixels: Int

    /// Creates limits.
    ///
    /// - Parameter maxPixels: The largest accepted `width * height` (default 100 million pixels, 300 MB of RGB).
    public init(maxPixels: Int = 100_000_000) {
        self.maxPixels = maxPixels
    }

    /// 100 million pixels.
    public static let `default` = ImageLimits()

    /// Throws unless a `width` × `height` image is within the limits; call before allocating pixel memory.
    func check(width: Int, height: Int, path: String) throws(ImageError) {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > maxPixels {
            throw .tooLarge(path: path, width: width, height: height, maxPixels: maxPixels)
        }
    }
}
