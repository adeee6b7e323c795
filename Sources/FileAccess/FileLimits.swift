/// The largest input files edgebench reads, by kind; each file is checked against its limit before a byte is read.
///
/// Files are read whole into memory (never memory-mapped: what the runtime receives must stay the bytes the
/// reader checked), so each kind has a ceiling that keeps a wrong or hostile path from exhausting memory.
public enum FileLimits {
    /// 2 GiB − 1 bytes: FlatBuffers address a buffer with signed 32-bit offsets, so no `.tflite` file can be larger.
    public static let maxModelBytes = Int(Int32.max)
    /// 256 MiB: far above any JPEG or PNG photo; an uncompressed 24-bit BMP reaches it at about 89 megapixels.
    public static let maxImageBytes = 256 << 20
    /// 16 MiB: a labels file of a million classes is a few megabytes.
    public static let maxLabelsBytes = 16 << 20
    /// 256 MiB: a bench/compare result or report JSON holds statistics and histograms, not samples by the million.
    public static let maxReportBytes = 256 << 20
    /// 1 GiB: a raw input tensor (`run --input-file`); it must match the input's byte size exactly anyway.
    public static let maxInputDataBytes = 1 << 30
}

/// What a file is read as: names the kind in messages and carries its size limit.
public struct FileRole: Sendable, Hashable {
    /// The kind in words, as in "the model m.tflite".
    public var noun: String
    /// The largest accepted size in bytes.
    public var maxBytes: Int
    /// Why the limit is what it is, for the message that refuses a larger file.
    public var limitReason: String

    public init(noun: String, maxBytes: Int, limitReason: String) {
        self.noun = noun
        self.maxBytes = maxBytes
        self.limitReason = limitReason
    }

    /// A `.tflite` model, up to ``FileLimits/maxModelBytes``.
    public static let model = FileRole(noun: "model", maxBytes: FileLimits.maxModelBytes,
                                       limitReason: "FlatBuffers cannot address more")
    /// A JPEG, PNG or BMP image, up to ``FileLimits/maxImageBytes``.
    public static let image = FileRole(noun: "image", maxBytes: FileLimits.maxImageBytes,
                                       limitReason: "edgebench's documented limit for images")
    /// A labels text file, up to ``FileLimits/maxLabelsBytes``.
    public static let labels = FileRole(noun: "labels file", maxBytes: FileLimits.maxLabelsBytes,
                                        limitReason: "edgebench's documented limit for labels")
    /// A result or report JSON file, up to ``FileLimits/maxReportBytes``.
    public static let report = FileRole(noun: "results file", maxBytes: FileLimits.maxReportBytes,
                                        limitReason: "edgebench's documented limit for result files")
    /// Raw bytes for an input tensor, up to ``FileLimits/maxInputDataBytes``.
    public static let inputData = FileRole(noun: "input file", maxBytes: FileLimits.maxInputDataBytes,
                                           limitReason: "edgebench's documented limit for raw input files")
}

/// Byte counts for people: "20.0 GiB (21474836480 bytes)".
public enum ByteCountText {
    public static func describe(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes)
        var unit: String?
        for name in units where value >= 1024 {
            value /= 1024
            unit = name
        }
        guard let unit else { return "\(bytes) bytes" }
        return String(format: "%.1f %@ (%lld bytes)", value, unit, Int64(bytes))
    }
}
