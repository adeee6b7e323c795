import CResample
import Foundation

extension RGBImage {
    /// Returns the image resampled to `width` × `height` with an antialiased Lanczos filter, producing
    /// the same pixels as Pillow's `Image.resize((width, height), Image.LANCZOS)`.
    ///
    /// The filter is the Lanczos kernel with a = 3, `L(x) = sinc(x) · sinc(x / 3)` for `-3 <= x < 3`
    /// (0 elsewhere), `sinc(x) = sin(πx) / (πx)`. For each axis with `scale = inputSize / outputSize`,
    /// output sample `i` is centred on input coordinate `(i + 0.5) · scale`; when shrinking, the kernel
    /// is stretched by `scale` (support `3 · scale`) so every input pixel contributes (antialiasing).
    /// The window is cut at the image edges and each output sample's weights are normalised to sum
    /// to 1, then stored, as in Pillow, as fixed-point integers with 22 fractional bits.
    ///
    /// Resampling is separable, with an 8-bit intermediate image: a horizontal pass (over just the
    /// source rows the vertical pass reads), then a vertical pass — or, as Pillow does since 13.0,
    /// vertical first when the height loses more than twice as many pixels as the width
    /// (`inHeight - height > 2 · (inWidth - width)`). An axis whose size is unchanged is not resampled.
    /// Each pass rounds to nearest and clamps to `0...255`. (Pillow 12 and earlier always ran the
    /// horizontal pass first; where the order differs, their results differ slightly — for
    /// `parrot.jpg` to 224×224, by 0.19 levels on average and at most 6.)
    ///
    /// - Parameters:
    ///   - width: Output width in pixels; must be > 0.
    ///   - height: Output height in pixels; must be > 0.
    /// - Returns: The resampled image (`self` when the size is unchanged).
    public func resized(width: Int, height: Int) -> RGBImage {
        precondition(width > 0 && height > 0, "resized(width:height:) needs a positive size, got \(width)×\(height)")
        if width == self.width && height == self.height { return self }

        let horizontal = width == self.width ? nil : ResampleKernel.lanczos(inputSize: self.width, outputSize: width)
        let vertical = height == self.height ? nil : ResampleKernel.lanczos(inputSize: self.height, outputSize: height)
        // Pillow 13: vertical first when the height shrinks by more than twice as many pixels as the width.
        let verticalFirst = self.height - height > 0 && self.height - height > (self.width - width) * 2

        var pixels = self.pixels
        if verticalFirst, let vertical {
            pixels = Self.resampleColumns(vertical, source: pixels, rowBytes: self.width * 3, firstRow: 0)
            if let horizontal {
                pixels = Self.resampleRows(horizontal, source: pixels, inputWidth: self.width, rows: 0..<height)
            }
        } else {
            var firstRow = 0
            if let horizontal {
                // Only the rows the vertical pass reads.
                let rows = vertical.map { $0.firstInput..<$0.endInput } ?? 0..<self.height
                pixels = Self.resampleRows(horizontal, source: pixels, inputWidth: self.width, rows: rows)
                firstRow = rows.lowerBound
            }
            if let vertical {
                pixels = Self.resampleColumns(vertical, source: pixels, rowBytes: width * 3, firstRow: firstRow)
            }
        }
        return RGBImage(unchecked: width, height: height, pixels: pixels)
    }

    /// The horizontal pass: resamples rows `rows` of `source` (`inputWidth` pixels wide) to
    /// `kernel.outputSize` pixels each.
    ///
    /// The loops are in C (`cresample_rows`): each source row is widened to four 32-bit lanes per pixel (R, G, B,
    /// 0) so that a tap is one vector multiply-add for all channels, with SSE4.1/AVX2 chosen at run time (Swift's
    /// baseline x86-64 target has no 32-bit vector multiply). The integer arithmetic is Pillow's (22-bit weights,
    /// the same sums in the same order), so the bytes are the same. Windows are in bounds by construction
    /// (`ResampleKernel.lanczos` clamps every window to the input).
    private static func resampleRows(_ kernel: ResampleKernel, source: [UInt8], inputWidth: Int,
                                     rows: Range<Int>) -> [UInt8] {
        let outWidth = kernel.outputSize
        let inRowBytes = inputWidth * 3
        let outRowBytes = outWidth * 3
        let widened = UnsafeMutablePointer<Int32>.allocate(capacity: inputWidth * 4)
        defer { widened.deallocate() }
        return [UInt8](unsafeUninitializedCapacity: rows.count * outRowBytes) { destination, initialized in
            source.withUnsafeBufferPointer { source in
                kernel.weights.withUnsafeBufferPointer { weights in
                    kernel.starts.withUnsafeBufferPointer { starts in
                        kernel.counts.withUnsafeBufferPointer { counts in
                            cresample_rows(source.baseAddress! + rows.lowerBound * inRowBytes, inputWidth, rows.count,
                                           destination.baseAddress!, outWidth, weights.baseAddress!, kernel.taps,
                                           starts.baseAddress!, counts.baseAddress!, widened)
                        }
                    }
                }
            }
            initialized = rows.count * outRowBytes
        }
    }

    /// The vertical pass: resamples the columns of `source`, whose row 0 is input row `firstRow`.
    ///
    /// For each output row, the sums of all its bytes run over the window's rows in order (`cresample_columns`, one
    /// contiguous vector multiply-add per row); windows are in bounds by construction.
    private static func resampleColumns(_ kernel: ResampleKernel, source: [UInt8], rowBytes: Int,
                                        firstRow: Int) -> [UInt8] {
        let outHeight = kernel.outputSize
        let sums = UnsafeMutablePointer<Int32>.allocate(capacity: rowBytes)
        defer { sums.deallocate() }
        return [UInt8](unsafeUninitializedCapacity: outHeight * rowBytes) { destination, initialized in
            source.withUnsafeBufferPointer { source in
                kernel.weights.withUnsafeBufferPointer { weights in
                    kernel.starts.withUnsafeBufferPointer { starts in
                        kernel.counts.withUnsafeBufferPointer { counts in
                            cresample_columns(source.baseAddress!, rowBytes, firstRow, destination.baseAddress!, outHeight,
                                              weights.baseAddress!, kernel.taps, starts.baseAddress!, counts.baseAddress!, sums)
                        }
                    }
                }
            }
            initialized = outHeight * rowBytes
        }
    }
}

/// Pre-computed resampling weights for one axis: for output sample `i`, `counts[i]` input samples
/// starting at `starts[i]`, weighted by `weights[i * taps ..< i * taps + counts[i]]`.
struct ResampleKernel {
    let outputSize: Int
    /// The row length of `weights` (the most inputs any output can use).
    let taps: Int
    let starts: [Int]
    let counts: [Int]
    /// Normalised weights as fixed-point integers with ``fractionBits`` fractional bits.
    let weights: [Int32]

    /// 32 bits minus 8 for the sample and 2 of headroom for overshoot, as in Pillow.
    static let fractionBits: Int32 = 22
    /// Half a unit: added before truncating so results round to nearest.
    static let rounding: Int32 = 1 << (fractionBits - 1)

    /// The first input sample any output uses.
    var firstInput: Int { starts.first ?? 0 }
    /// One past the last input sample any output uses.
    var endInput: Int { (starts.last ?? 0) + (counts.last ?? 0) }

    /// Rounds a fixed-point sum to a byte, clamping to `0...255`.
    @inline(__always)
    static func clip(_ sum: Int32) -> UInt8 {
        UInt8(clamping: sum >> fractionBits)
    }

    /// The Lanczos (a = 3) kernel: `sinc(x) · sinc(x / 3)` on `[-3, 3)`, zero elsewhere.
    static func lanczos3(_ x: Double) -> Double {
        guard x >= -3.0 && x < 3.0 else { return 0 }
        return sinc(x) * sinc(x / 3)
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let angle = x * Double.pi
        return sin(angle) / angle
    }

    /// Weights for resampling `inputSize` samples to `outputSize` with the Lanczos (a = 3) filter,
    /// stretched by the downscale factor when shrinking.
    static func lanczos(inputSize: Int, outputSize: Int) -> ResampleKernel {
        let support = 3.0
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1.0)
        let scaledSupport = support * filterScale
        let taps = Int(scaledSupport.rounded(.up)) * 2 + 1
        let inverseFilterScale = 1.0 / filterScale

        var starts = [Int](repeating: 0, count: outputSize)
        var counts = [Int](repeating: 0, count: outputSize)
        var weights = [Int32](repeating: 0, count: outputSize * taps)
        var window = [Double](repeating: 0, count: taps)
        for i in 0..<outputSize {
            let center = (Double(i) + 0.5) * scale
            // Truncation toward zero (then clamping) mirrors Pillow's rounding of the window bounds.
            let start = max(Int(center - scaledSupport + 0.5), 0)
            let count = min(Int(center + scaledSupport + 0.5), inputSize) - start
            var total = 0.0
            for j in 0..<count {
                let w = lanczos3((Double(j + start) - center + 0.5) * inverseFilterScale)
                window[j] = w
                total += w
            }
            for j in 0..<count {
                let w = total != 0 ? window[j] / total : window[j]
                let fixed = w * Double(1 << fractionBits)
                let rounded = w < 0 ? fixed - 0.5 : fixed + 0.5
                weights[i * taps + j] = Int32(max(min(rounded, Double(Int32.max)), Double(Int32.min)))
            }
            starts[i] = start
            counts[i] = count
        }
        return ResampleKernel(outputSize: outputSize, taps: taps, starts: starts, counts: counts, weights: weights)
    }
}
