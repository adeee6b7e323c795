import FixtureSupport
import Imaging
import Testing

/// Reference checksums and pixels were recorded with Pillow 13.0: `image.resize(size, Image.LANCZOS)`.
@Suite("Lanczos resize")
struct ResizeTests {
    @Test("resizing the test pattern matches Pillow bit for bit",
          arguments: [
              (31, 17, 9, 23, 0x47fd_f4ee_2d0d_8423 as UInt64),  // shrink x, enlarge y
              (16, 16, 4, 4, 0x5f53_ba18_62a1_6f84),
              (5, 5, 20, 20, 0xada8_dcbf_8f80_7577),
              (100, 1, 10, 1, 0xae37_b4a1_7593_fadb),  // horizontal pass only
              (1, 100, 1, 7, 0x290e_3574_cde8_83a0),  // vertical pass only
              (640, 480, 224, 224, 0x4d13_3c70_b95e_94d8),
              // Height loses more than twice as many pixels as width: vertical pass first (Pillow ≥ 13).
              (34, 161, 5, 76, 0x842d_9e2c_fa67_f66f),
              (100, 160, 50, 50, 0xe1d7_82f7_f57b_f777),
              (60, 200, 60, 20, 0x982c_376b_df28_a229),  // vertical pass only
          ])
    func patternMatchesPillow(width: Int, height: Int, newWidth: Int, newHeight: Int, checksum: UInt64) throws {
        let image = try RGBImage(width: width, height: height, pixels: patternPixels(width: width, height: height))
        let resized = image.resized(width: newWidth, height: newHeight)
        #expect(resized.width == newWidth && resized.height == newHeight)
        #expect(resized.pixels.count == newWidth * newHeight * 3)
        #expect(fnv1a(resized.pixels) == checksum)
    }

    @Test("a uniform image stays uniform at any size", arguments: [(1, 1), (3, 7), (224, 224), (1000, 2)])
    func uniformStaysUniform(newWidth: Int, newHeight: Int) throws {
        let image = try RGBImage(width: 37, height: 23, pixels: [UInt8](repeating: 0, count: 37 * 23).flatMap { _ in
            [200, 7, 99] as [UInt8]
        })
        let resized = image.resized(width: newWidth, height: newHeight)
        #expect(resized.pixels == [UInt8](repeating: 0, count: newWidth * newHeight).flatMap { _ in [200, 7, 99] })
    }

    @Test("resizing to the same size returns the image unchanged")
    func identity() throws {
        let image = try RGBImage(width: 9, height: 4, pixels: patternPixels(width: 9, height: 4))
        #expect(image.resized(width: 9, height: 4) == image)
    }

    @Test("grace_hopper.bmp resized to 224×224 matches Pillow bit for bit",
          .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func graceHopperMatchesPillow() throws {
        let image = try ImageDecoder.decode(contentsOf: Fixtures.imageURL("grace_hopper.bmp"))
        #expect(fnv1a(image.resized(width: 224, height: 224).pixels) == 0x03aa_8430_2fa8_dfeb)
    }

    @Test("cat_720p.jpg (the accuracy benchmark's large image) decodes and resizes to 224×224 and 128×128 as Pillow does, bit for bit",
          .enabled(if: Fixtures.available, Fixtures.missingNote))
    func largeJPEGMatchesPillow() throws {
        // Pillow 13.0: Image.open(f).convert("RGB"), .resize(size, Image.LANCZOS), FNV-1a 64 of tobytes().
        let image = try ImageDecoder.decode(contentsOf: Fixtures.imageURL("cat_720p.jpg"))
        #expect(image.width == 1280 && image.height == 720)
        #expect(fnv1a(image.pixels) == 0x0bf2_03a9_3d0f_58dc)
        #expect(fnv1a(image.resized(width: 224, height: 224).pixels) == 0x0a61_d380_0af8_7c5c)
        #expect(fnv1a(image.resized(width: 128, height: 128).pixels) == 0x37a3_f89e_ffc9_e819)
    }

    @Test("parrot.jpg resized to 224×224 differs from Pillow by less than 1/255 per channel on average",
          .enabled(if: Fixtures.imagesAvailable, Fixtures.missingNote))
    func parrotCloseToPillow() throws {
        let resized = try ImageDecoder.decode(contentsOf: Fixtures.imageURL("parrot.jpg")).resized(width: 224, height: 224)
        var totals = [0, 0, 0]
        var sample = 0
        for j in 0..<14 {
            for i in 0..<14 {
                let ours = try #require(resized.rgb(8 + 16 * i, 8 + 16 * j))
                for c in 0..<3 {
                    totals[c] += abs(Int(ours[c]) - Int(Self.pillowParrotGrid[sample * 3 + c]))
                }
                sample += 1
            }
        }
        for c in 0..<3 {
            #expect(Double(totals[c]) / Double(sample) < 1.0, "channel \(c): mean |difference| \(Double(totals[c]) / Double(sample))")
        }
        // In fact decoding (libjpeg-turbo's accurate IDCT) and resampling both match Pillow exactly.
        #expect(fnv1a(resized.pixels) == 0xb279_b93d_94ed_ba81)
    }

    /// Pillow's `parrot.jpg` → 224×224 pixels at (8 + 16i, 8 + 16j), i, j in 0..<14, row by row, RGB.
    static let pillowParrotGrid: [UInt8] = [
        158, 137, 92, 154, 142, 141, 161, 169, 84, 181, 163, 111, 192, 170, 109, 191, 181, 94, 90, 105, 98, 190, 212, 94,
        100, 118, 93, 79, 125, 62, 81, 98, 87, 96, 109, 111, 178, 189, 215, 66, 87, 100, 151, 158, 98, 158, 172, 67,
        205, 186, 170, 219, 191, 170, 176, 186, 130, 185, 181, 108, 118, 123, 113, 78, 101, 73, 52, 62, 56, 60, 65, 55,
        55, 59, 54, 75, 94, 56, 169, 168, 173, 87, 88, 94, 146, 154, 81, 205, 163, 120, 133, 126, 139, 248, 221, 199,
        169, 155, 143, 255, 220, 144, 132, 128, 99, 255, 196, 112, 254, 172, 132, 255, 84, 79, 253, 231, 237, 253, 224, 226,
        195, 176, 152, 41, 56, 58, 234, 185, 134, 232, 176, 109, 207, 184, 181, 160, 150, 162, 247, 211, 140, 50, 59, 58,
        45, 46, 45, 130, 99, 85, 255, 76, 78, 236, 53, 55, 161, 135, 142, 164, 138, 138, 254, 206, 163, 107, 99, 95,
        138, 125, 120, 249, 199, 142, 104, 147, 114, 182, 174, 125, 216, 188, 148, 163, 192, 134, 178, 75, 70, 126, 59, 63,
        111, 36, 44, 153, 62, 68, 200, 83, 81, 205, 62, 58, 53, 47, 54, 89, 83, 84, 63, 74, 65, 161, 158, 136,
        98, 102, 92, 86, 117, 83, 184, 233, 59, 70, 119, 77, 130, 138, 81, 183, 64, 64, 224, 94, 87, 182, 74, 71,
        79, 129, 135, 249, 87, 75, 152, 135, 118, 160, 151, 160, 130, 130, 116, 107, 103, 88, 76, 75, 69, 73, 96, 71,
        97, 124, 108, 133, 190, 148, 114, 134, 85, 114, 126, 68, 131, 133, 55, 71, 132, 177, 36, 89, 124, 156, 153, 109,
        117, 130, 96, 197, 187, 149, 184, 141, 78, 186, 150, 123, 167, 136, 101, 202, 181, 157, 41, 59, 77, 95, 141, 93,
        106, 135, 58, 59, 112, 104, 52, 140, 185, 58, 135, 184, 213, 213, 217, 204, 192, 156, 246, 223, 155, 253, 226, 123,
        254, 250, 246, 255, 255, 255, 107, 123, 104, 159, 167, 142, 80, 66, 85, 109, 93, 101, 76, 65, 85, 47, 112, 162,
        120, 111, 142, 238, 210, 200, 203, 152, 122, 244, 230, 222, 179, 150, 143, 146, 105, 95, 253, 248, 253, 254, 252, 251,
        115, 82, 79, 50, 35, 39, 120, 96, 109, 62, 69, 155, 52, 66, 118, 169, 147, 157, 178, 121, 102, 163, 130, 123,
        166, 159, 180, 149, 120, 119, 136, 97, 80, 91, 57, 49, 242, 234, 251, 255, 255, 255, 172, 184, 188, 129, 106, 151,
        58, 81, 168, 174, 157, 147, 77, 61, 59, 224, 195, 188, 145, 113, 115, 162, 127, 119, 144, 104, 88, 140, 105, 97,
        132, 97, 82, 112, 89, 86, 251, 244, 247, 234, 225, 225, 53, 74, 63, 53, 63, 47, 51, 58, 49, 55, 77, 66,
        58, 158, 254, 39, 64, 44, 134, 110, 101, 86, 67, 69, 129, 97, 93, 150, 107, 91, 141, 111, 96, 139, 98, 82,
        134, 140, 135, 84, 103, 89, 92, 117, 97, 237, 217, 225, 120, 105, 126, 96, 76, 82, 73, 177, 253, 66, 48, 48,
        129, 98, 95, 161, 126, 122, 113, 87, 83, 157, 125, 112, 96, 75, 75, 129, 127, 153, 146, 122, 127, 92, 64, 67,
        96, 65, 65, 117, 100, 105, 84, 69, 68, 117, 77, 74, 105, 90, 124, 132, 93, 87, 124, 107, 113, 157, 119, 110,
        181, 133, 109, 174, 146, 140, 80, 54, 49, 96, 88, 112,
    ]
}
