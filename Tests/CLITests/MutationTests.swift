import FixtureSupport
import Foundation
import Synchronization
import Testing

// Deterministic mutations of real models and images fed to `edgebench inspect`, `classify` and `run` as
// subprocesses. Whatever the bytes, the tool must exit with a documented code (0–4), never die of a signal
// or hang, and a failure must start with exactly one "edgebench: error:" line.
//
// Mutations are aimed at the structure of each file: truncations at FlatBuffer landmarks (root, vtables,
// tables, vector headers, shape and buffer vectors) and at image header and segment boundaries, byte flips
// there, absurd values patched into sizes, counts and offsets, and a seeded set of random flips and cuts.

// MARK: - Mutations

/// One edit of a fixture's bytes.
enum Edit: Sendable, CustomStringConvertible {
    /// Keep the first `length` bytes.
    case truncate(Int)
    /// XOR the byte at `offset` with `mask`.
    case xor(Int, UInt8)
    /// Store a little-endian 32-bit value at `offset`.
    case set32(Int, UInt32)
    /// Store a big-endian 32-bit value at `offset`, then fix the CRC of the PNG chunk starting at `chunk`.
    case pngSet32(offset: Int, value: UInt32, chunk: Int)
    /// Store a big-endian 16-bit value at `offset`.
    case setBE16(Int, UInt16)

    func apply(to original: [UInt8]) -> [UInt8] {
        var bytes = original
        switch self {
        case .truncate(let length):
            return Array(bytes.prefix(length))
        case .xor(let offset, let mask):
            if offset < bytes.count { bytes[offset] ^= mask }
        case .set32(let offset, let value):
            for i in 0 ..< 4 where offset + i < bytes.count { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        case .pngSet32(let offset, let value, let chunk):
            for i in 0 ..< 4 where offset + i < bytes.count { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
            PNGWriter.fixCRC(&bytes, chunk: chunk)
        case .setBE16(let offset, let value):
            if offset + 1 < bytes.count {
                bytes[offset] = UInt8(value >> 8)
                bytes[offset + 1] = UInt8(truncatingIfNeeded: value)
            }
        }
        return bytes
    }

    var description: String {
        switch self {
        case .truncate(let n): return "truncated to \(n) bytes"
        case .xor(let o, let m): return "byte \(o) ^= 0x\(String(m, radix: 16))"
        case .set32(let o, let v): return "u32 at \(o) = 0x\(String(v, radix: 16))"
        case .pngSet32(let o, let v, _): return "PNG u32 at \(o) = 0x\(String(v, radix: 16)) (CRC fixed)"
        case .setBE16(let o, let v): return "u16be at \(o) = 0x\(String(v, radix: 16))"
        }
    }
}

/// A fixture file (or a generated one) with an edit applied.
struct Mutation: Sendable, CustomStringConvertible {
    /// A fixture model, a fixture image, or `"generated.png"`.
    var file: String
    var edit: Edit
    var description: String { "\(file) \(edit)" }

    func bytes() throws -> [UInt8] { edit.apply(to: try MutationCorpus.original(file)) }
}


/// Positions of a .tflite file's FlatBuffer structure, found with a minimal reader of the fixture (the
/// fixtures are well formed; any read outside the buffer just ends the walk).
struct FlatBufferLandmarks {
    let bytes: [UInt8]
    /// Structural positions: root, tables, vtables, fields, vector headers and data starts.
    private(set) var positions: Set<Int> = []
    /// Positions of shape-vector headers of tensors (the 32-bit length comes first).
    private(set) var shapeVectors: [Int] = []
    /// Positions of 32-bit offset fields (patched to point outside the file).
    private(set) var offsetFields: [Int] = []
    /// Positions of vtable size fields and table soffsets.
    private(set) var vtables: [Int] = []
    /// Positions of scalar fields that index something (tensor buffer, opcode index).
    private(set) var indexFields: [Int] = []
    /// The shape vector (its length word) of the main subgraph's first input tensor.
    private(set) var inputShape: Int?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        guard let root = u32(0) else { return }
        positions.formUnion([0, 4, 8, root])
        guard let model = table(root) else { return }
        for id in [1, 2, 4, 6] { // operator_codes, subgraphs, buffers, metadata
            _ = tables(model, id)
        }
        if let subgraph = tables(model, 2).first {
            let tensors = tables(subgraph, 0)
            for tensor in tensors.prefix(8) {
                if let shape = vector(tensor, 0) { shapeVectors.append(shape) }
                if let buffer = field(tensor, 2) { indexFields.append(buffer) }
            }
            if let inputs = vector(subgraph, 1), let first = u32(inputs + 4), let list = vector(subgraph, 0),
               let count = u32(list), first < count {
                let slot = list + 4 + 4 * first
                if let relative = u32(slot), let tensor = table(slot + relative) { inputShape = vector(tensor, 0) }
            }
            _ = vector(subgraph, 2)
            for op in tables(subgraph, 3).prefix(4) {
                if let opcode = field(op, 0) { indexFields.append(opcode) }
                _ = vector(op, 1)
                if let custom = vector(op, 5) { positions.formUnion([custom + 4 + 8, custom + 4 + 64]) }
            }
        }
        // The largest constant buffer: its start and middle.
        var largest: (position: Int, count: Int) = (0, 0)
        for buffer in tables(model, 4) {
            if let data = vector(buffer, 0), let count = u32(data), count > largest.count { largest = (data, count) }
        }
        if largest.count > 0 { positions.formUnion([largest.position + 4, largest.position + 4 + largest.count / 2]) }
    }

    private func u16(_ p: Int) -> Int? { p >= 0 && p + 2 <= bytes.count ? Int(bytes[p]) | Int(bytes[p + 1]) << 8 : nil }
    private func u32(_ p: Int) -> Int? {
        guard let lo = u16(p), let hi = u16(p + 2) else { return nil }
        return lo | hi << 16
    }

    /// The table at `t`: records it and its vtable, returns `t` when the vtable is readable.
    private mutating func table(_ t: Int) -> Int? {
        guard let soffset = u32(t) else { return nil }
        let vtable = t - Int(Int32(truncatingIfNeeded: soffset))
        guard u16(vtable) != nil else { return nil }
        positions.formUnion([t, vtable, vtable + 2, vtable + 4])
        vtables.append(t)
        vtables.append(vtable)
        return t
    }

    private mutating func field(_ t: Int, _ id: Int) -> Int? {
        guard let soffset = u32(t) else { return nil }
        let vtable = t - Int(Int32(truncatingIfNeeded: soffset))
        guard let size = u16(vtable), 4 + 2 * id < size, let offset = u16(vtable + 4 + 2 * id), offset != 0 else { return nil }
        positions.insert(t + offset)
        return t + offset
    }

    /// The vector that field `id` of `t` points to (its length word).
    private mutating func vector(_ t: Int, _ id: Int) -> Int? {
        guard let f = field(t, id), let relative = u32(f) else { return nil }
        offsetFields.append(f)
        let v = f + relative
        guard u32(v) != nil else { return nil }
        positions.formUnion([v, v + 4])
        return v
    }

    private mutating func tables(_ t: Int, _ id: Int) -> [Int] {
        guard let v = vector(t, id), let count = u32(v) else { return [] }
        var result: [Int] = []
        for i in [0, count - 1] where i >= 0 && i < count {
            let slot = v + 4 + 4 * i
            if let relative = u32(slot), let element = table(slot + relative) { result.append(element) }
        }
        // Every element is wanted only for short vectors (subgraphs, metadata); others contribute their ends.
        if count <= 16 {
            result = (0 ..< count).compactMap { i in
                let slot = v + 4 + 4 * i
                guard let relative = u32(slot) else { return nil }
                return table(slot + relative)
            }
        }
        return result
    }
}

enum MutationCorpus {
    static let smallModel = "mobilenet_v1_0.25_128_quant.tflite"
    static let edgeTPUModel = "mobilenet_v1_0.25_128_quant_edgetpu.tflite"
    static let irisModel = "iris_lite.tflite"

    /// The unmutated bytes of `file` (cached: the suites read each fixture once).
    static func original(_ file: String) throws -> [UInt8] {
        if file == "generated.png" { return PNGWriter.sample }
        let path = file.hasSuffix(".tflite") ? Fixtures.model(file) : Fixtures.image(file)
        return cache.withLock { cache in
            if let bytes = cache[path] { return bytes }
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) } ?? []
            cache[path] = bytes
            return bytes
        }
    }

    private static let cache = Mutex<[String: [UInt8]]>([:])

    /// Mutations of a model aimed at its FlatBuffer structure, plus `random` seeded flips and cuts.
    static func modelMutations(_ name: String, random: Int, seed: UInt64) -> [Mutation] {
        guard let bytes = try? original(name), !bytes.isEmpty else { return [] }
        let marks = FlatBufferLandmarks(bytes)
        let size = bytes.count
        var edits: [Edit] = [.truncate(0), .truncate(size - 1)]
        // Truncations at every landmark and just past it, and at fixed fractions of the file.
        let cuts = marks.positions.flatMap { [$0, $0 + 1, $0 + 4] } + (1 ..< 16).map { size * $0 / 16 } + [1, 3, 7, 12, 16, 32]
        edits += Set(cuts.filter { $0 >= 0 && $0 < size }).sorted().map(Edit.truncate)
        // Flips of the header and of every vtable/table start.
        edits += (0 ..< 8).map { Edit.xor($0, 0xFF) }
        edits += Set(marks.vtables).sorted().prefix(48).flatMap { [Edit.xor($0, 0x80), Edit.xor($0 + 1, 0xFF)] }
        // Absurd values: root offset, vtable soffsets, offset fields, shapes, indices.
        edits += [.set32(0, 0xFFFF_FFFF), .set32(0, UInt32(size)), .set32(0, UInt32(size - 4))]
        edits += Set(marks.vtables).sorted().prefix(12).flatMap { [Edit.set32($0, 0x7FFF_FFFF), Edit.set32($0, 0x8000_0000)] }
        edits += marks.offsetFields.prefix(24).map { Edit.set32($0, 0xFFFF_FFF0) }
        for shape in marks.shapeVectors.prefix(4) {
            edits += [.set32(shape + 4, 0x7FFF_FFFF), .set32(shape + 4, 0xFFFF_FFFF), .set32(shape, 0x7FFF_FFFF),
                      .set32(shape, 0x0100_0000), .set32(shape + 8, 0x0001_0000)]
        }
        edits += marks.indexFields.map { Edit.set32($0, 0x0000_FFFF) }
        // A seeded set of random byte flips and cuts.
        var rng = SplitMix64(state: seed)
        for _ in 0 ..< random {
            edits.append(rng.below(4) == 0 ? .truncate(rng.below(size)) : .xor(rng.below(size), UInt8(1 + rng.below(255))))
        }
        return edits.map { Mutation(file: name, edit: $0) }
    }

    /// Mutations of a BMP aimed at its file and info headers.
    static func bmpMutations(_ name: String) -> [Mutation] {
        guard let bytes = try? original(name), bytes.count > 54 else { return [] }
        let pixelOffset = Int(bytes[10]) | Int(bytes[11]) << 8 | Int(bytes[12]) << 16
        var edits: [Edit] = [.truncate(0), .truncate(1), .truncate(2)]
        edits += [10, 14, 18, 22, 26, 30, 34, 46, 54, pixelOffset, pixelOffset + 1, bytes.count / 2, bytes.count - 1].map(Edit.truncate)
        edits += stride(from: 2, to: 54, by: 2).map { Edit.xor($0, 0xFF) }
        edits += [.set32(18, 0x7FFF_FFFF), .set32(22, 0x7FFF_FFFF), .set32(22, 0x8000_0000), .set32(18, 0),
                  .set32(18, 0x0001_0000), .set32(22, 0xFFFF_0000), .set32(10, 0xFFFF_FFFF), .set32(10, 0),
                  .set32(14, 12), .set32(14, 0xFFFF_FFFF), .set32(46, 0xFFFF_FFFF),
                  .set32(28, 1), .set32(28, 4), .set32(28, 8), .set32(28, 16), .set32(28, 32), .set32(28, 0xFFFF),
                  .set32(30, 1), .set32(30, 3), .set32(30, 0x7FFF_FFFF)]
        return edits.map { Mutation(file: name, edit: $0) }
    }

    /// Mutations of a JPEG aimed at its marker segments.
    static func jpegMutations(_ name: String) -> [Mutation] {
        guard let bytes = try? original(name), bytes.count > 4 else { return [] }
        var segments: [Int] = []
        var sof: Int?
        var p = 2
        while p + 4 <= bytes.count, bytes[p] == 0xFF {
            let marker = bytes[p + 1]
            segments.append(p)
            if (0xC0 ... 0xC2).contains(marker) { sof = p }
            if marker == 0xDA { break }
            p += 2 + (Int(bytes[p + 2]) << 8 | Int(bytes[p + 3]))
        }
        var edits: [Edit] = [.truncate(0), .truncate(2), .truncate(3), .truncate(bytes.count - 1), .truncate(bytes.count - 2)]
        edits += segments.flatMap { [Edit.truncate($0), .truncate($0 + 3), .xor($0 + 1, 0xFF), .setBE16($0 + 2, 0), .setBE16($0 + 2, 0xFFFF)] }
        edits += (1 ..< 8).map { Edit.truncate(bytes.count * $0 / 8) }
        if let sof {
            edits += [.setBE16(sof + 5, 0), .setBE16(sof + 7, 0), .setBE16(sof + 5, 0xFFFF), .setBE16(sof + 7, 0xFFFF),
                      .xor(sof + 4, 0xFF), .xor(sof + 9, 0xFF), .xor(sof + 11, 0xFF)]
        }
        var rng = SplitMix64(state: 0x4A50_4547)
        edits += (0 ..< 16).map { _ in Edit.xor(rng.below(min(bytes.count, 4096)), UInt8(1 + rng.below(255))) }
        return edits.map { Mutation(file: name, edit: $0) }
    }

    /// Mutations of the generated PNG aimed at its chunks.
    static func pngMutations() -> [Mutation] {
        let bytes = PNGWriter.sample
        var chunks: [Int] = []
        var p = 8
        while p + 8 <= bytes.count {
            chunks.append(p)
            let length = Int(bytes[p]) << 24 | Int(bytes[p + 1]) << 16 | Int(bytes[p + 2]) << 8 | Int(bytes[p + 3])
            p += 12 + length
        }
        var edits: [Edit] = [.truncate(0), .truncate(8), .truncate(bytes.count - 1)]
        edits += chunks.flatMap { [Edit.truncate($0), .truncate($0 + 4), .truncate($0 + 8), .truncate($0 + 9),
                                   .set32($0, 0xFFFF_FFFF), .xor($0 + 4, 0x20)] }
        edits += (8 ..< 33).map { Edit.xor($0, 0xFF) } // IHDR: length, type, fields, CRC
        edits += [.pngSet32(offset: 16, value: 0x7FFF_FFFF, chunk: 8), .pngSet32(offset: 20, value: 0x7FFF_FFFF, chunk: 8),
                  .pngSet32(offset: 16, value: 0, chunk: 8), .pngSet32(offset: 16, value: 100_000, chunk: 8),
                  .pngSet32(offset: 24, value: 0x1006_0000, chunk: 8), .pngSet32(offset: 24, value: 0x0803_0000, chunk: 8)]
        return edits.map { Mutation(file: "generated.png", edit: $0) }
    }

    static let inspectCases: [Mutation] = Fixtures.available
        ? modelMutations(irisModel, random: 40, seed: 1) + modelMutations(smallModel, random: 30, seed: 2)
            + modelMutations(edgeTPUModel, random: 30, seed: 3)
        : []

    /// `run` loads the runtime each time: a seeded third of Iris's mutations.
    static let runCases: [Mutation] = {
        guard Fixtures.available else { return [] }
        var rng = SplitMix64(state: 4)
        return modelMutations(irisModel, random: 30, seed: 8).filter { _ in rng.below(3) == 0 }
    }()

    /// Classify is the slowest command: a seeded sample of the small model's mutations, and the Edge TPU model's.
    static let classifyModelCases: [Mutation] = {
        guard Fixtures.available else { return [] }
        var rng = SplitMix64(state: 5)
        let small = modelMutations(smallModel, random: 10, seed: 6)
        let picked = small.filter { _ in rng.below(3) == 0 }
        return picked + modelMutations(edgeTPUModel, random: 0, seed: 7).filter { _ in rng.below(6) == 0 }
    }()

    static let classifyImageCases: [Mutation] = Fixtures.available
        ? bmpMutations("cat.bmp") + jpegMutations("parrot.jpg") + pngMutations()
        : []
}

// MARK: - A PNG made here (no binary fixture)

/// Writes small PNGs with stored (uncompressed) deflate blocks.
enum PNGWriter {
    /// A 24×16 8-bit RGB gradient.
    static let sample: [UInt8] = {
        let width = 24, height = 16
        var raw: [UInt8] = []
        for y in 0 ..< height {
            raw.append(0) // filter: none
            for x in 0 ..< width { raw += [UInt8(x * 10), UInt8(y * 15), UInt8((x * y) % 256)] }
        }
        return png(width: width, height: height, colorType: 2, raw: raw)
    }()

    static func png(width: Int, height: Int, colorType: UInt8, raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func be32(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }
        func chunk(_ type: String, _ data: [UInt8]) {
            let start = out.count
            out += be32(data.count) + Array(type.utf8) + data + [0, 0, 0, 0]
            fixCRC(&out, chunk: start)
        }
        chunk("IHDR", be32(width) + be32(height) + [8, colorType, 0, 0, 0])
        // zlib: header, one stored block per 65535 bytes, Adler-32.
        var zlib: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65535, raw.count - offset)
            let final: UInt8 = offset + count == raw.count ? 1 : 0
            zlib += [final, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            zlib += raw[offset ..< offset + count]
            offset += count
        } while offset < raw.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        zlib += be32(Int(b << 16 | a))
        chunk("IDAT", zlib)
        chunk("IEND", [])
        return out
    }

    /// Recomputes the CRC of the chunk starting at `chunk` (over its type and data).
    static func fixCRC(_ bytes: inout [UInt8], chunk: Int) {
        guard chunk + 8 <= bytes.count else { return }
        let length = Int(bytes[chunk]) << 24 | Int(bytes[chunk + 1]) << 16 | Int(bytes[chunk + 2]) << 8 | Int(bytes[chunk + 3])
        let end = chunk + 8 + length
        guard length >= 0, end + 4 <= bytes.count else { return }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes[(chunk + 4) ..< end] {
            crc ^= UInt32(byte)
            for _ in 0 ..< 8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc = ~crc
        for i in 0 ..< 4 { bytes[end + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
    }
}

// MARK: - The contract

/// Writes `mutation` to a temporary file named like the original and runs `arguments(path)`.
private func runMutated(_ mutation: Mutation, _ arguments: (String) -> [String]) throws -> CLIResult {
    let directory = TemporaryDirectory()
    let path = directory.path + "/" + mutation.file
    try Data(try mutation.bytes()).write(to: URL(fileURLWithPath: path))
    return try CLI.run(arguments(path), environment: ["EDGEBENCH_NO_AUTO_INSTALL": "1"], timeout: 60)
}

/// Checks the exit contract: a documented code, no signal, no hang, and one leading error line on failure.
func expectDocumentedExit(_ result: CLIResult, _ what: @autoclosure () -> String) {
    // Plain Bool values, so that a failure prints the message rather than the whole result.
    let signaled = result.signaled, timedOut = result.timedOut, status = result.status
    #expect(!signaled, "\(what()): killed by signal \(status)\n\(result.stderr.prefix(600))")
    #expect(!timedOut, "\(what()): timed out")
    guard !signaled, !timedOut else { return }
    #expect([0, 1, 3, 64, 69, 74].contains(status), "\(what()): undocumented exit \(status)\n\(result.stderr.prefix(600))")
    if result.status != 0 {
        let lines = result.stderr.split(whereSeparator: \.isNewline)
        let errorLines = lines.filter { $0.hasPrefix("edgebench: error:") }.count
        let startsWithError = lines.first?.hasPrefix("edgebench: error:") == true
        #expect(startsWithError && errorLines == 1,
                "\(what()): exit \(result.status) must start with one 'edgebench: error:' line; stderr:\n\(result.stderr.prefix(600))")
    }
}

@Suite("Mutated models and images never crash the CLI", .enabled(if: CLI.available && Fixtures.available, Comment(rawValue: Fixtures.skipMessage)))
struct MutationTests {
    @Test("inspect: mutated models", arguments: MutationCorpus.inspectCases)
    func inspect(_ mutation: Mutation) throws {
        let result = try runMutated(mutation) { ["inspect", $0, "--ops"] }
        expectDocumentedExit(result, "inspect \(mutation)")
    }

    @Test("run: mutated Iris models", .enabled(if: Fixtures.runtimeAvailable, "needs the LiteRT runtime"),
          arguments: MutationCorpus.runCases)
    func run(_ mutation: Mutation) throws {
        let result = try runMutated(mutation) { ["run", $0, "--input", "7.9,3.8,6.4,2.0", "--threads", "1"] }
        expectDocumentedExit(result, "run \(mutation)")
    }

    @Test("classify: mutated models with an intact image", .enabled(if: Fixtures.runtimeAvailable, "needs the LiteRT runtime"),
          arguments: MutationCorpus.classifyModelCases)
    func classifyModel(_ mutation: Mutation) throws {
        let result = try runMutated(mutation) { [
            "classify", $0, Fixtures.image("cat.bmp"), "--runs", "1", "--threads", "1",
        ] }
        expectDocumentedExit(result, "classify \(mutation)")
    }

    @Test("classify: mutated images with an intact model", .enabled(if: Fixtures.runtimeAvailable, "needs the LiteRT runtime"),
          arguments: MutationCorpus.classifyImageCases)
    func classifyImage(_ mutation: Mutation) throws {
        let result = try runMutated(mutation) { [
            "classify", Fixtures.model(MutationCorpus.smallModel), $0, "--runs", "1", "--threads", "1",
        ] }
        expectDocumentedExit(result, "classify \(mutation)")
    }

    @Test("a zero-size model, image and labels file are bad input (exit 3)")
    func zeroSizeFiles() throws {
        let directory = TemporaryDirectory()
        let empty = directory.path + "/empty"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let model = Fixtures.model(MutationCorpus.smallModel), image = Fixtures.image("cat.bmp")
        var commands: [[String]] = [["inspect", empty]]
        if Fixtures.runtimeAvailable {
            commands += [["classify", empty, image], ["classify", model, empty], ["run", empty, "--input", "1"],
                         ["classify", model, image, "--labels", empty]]
        }
        for arguments in commands {
            let result = try CLI.run(arguments, environment: ["EDGEBENCH_NO_AUTO_INSTALL": "1"], timeout: 60)
            expectDocumentedExit(result, arguments.joined(separator: " "))
            #expect(result.status == 3, "\(arguments): \(result.stderr)")
        }
    }

    /// An image model whose input is empty (a dimension of 0) must be refused as bad input before LiteRT
    /// allocates it — not fail inside LiteRT with its log line printed before edgebench's error.
    /// (An absurdly large input, e.g. 20000 × 20000 — 1.2 G values, within the reader's element limit — is
    /// not tested here: until it is refused up front, classify resizes the image for minutes.)
    @Test("classify: an image input with a zero dimension fails with one error line",
          .enabled(if: Fixtures.runtimeAvailable, "needs the LiteRT runtime"),
          arguments: [[1, 0, 128, 3], [1, 128, 0, 3]])
    func zeroInputDimension(_ dims: [Int]) throws {
        let original = try MutationCorpus.original(MutationCorpus.smallModel)
        let shape = try #require(FlatBufferLandmarks(original).inputShape)
        var bytes = original
        for (i, dim) in dims.enumerated() { bytes = Edit.set32(shape + 4 + 4 * i, UInt32(dim)).apply(to: bytes) }
        let directory = TemporaryDirectory()
        let path = directory.path + "/input_\(dims.map(String.init).joined(separator: "x")).tflite"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["classify", path, Fixtures.image("cat.bmp"), "--runs", "1", "--threads", "1"],
                                 environment: ["EDGEBENCH_NO_AUTO_INSTALL": "1"], timeout: 60)
        expectDocumentedExit(result, "classify with input shape \(dims)")
        #expect(result.status == 3, "an unusable input shape is bad input: \(result.stderr.prefix(400))")
    }

    /// Regression (scripts/fuzz.sh, FuzzMetadata): a model is also read as a zip of associated files, and
    /// ZIPFoundation 0.9.20's in-memory reader traps when the zip's central directory offset lies past the end.
    @Test("a model whose labels zip points past its end is inspected without a crash")
    func zipDirectoryPastTheEnd() throws {
        var bytes = try MutationCorpus.original("tf2_mobilenet_v2_1.0_224_ptq.tflite")
        let record = bytes.count - 22
        try #require(record > 0 && bytes[record ..< record + 4].elementsEqual([0x50, 0x4B, 0x05, 0x06]))
        bytes = Edit.set32(record + 16, 0x7FFF_0000).apply(to: bytes)
        let directory = TemporaryDirectory()
        let path = directory.path + "/zip_past_end.tflite"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try CLI.run(["inspect", path], environment: ["EDGEBENCH_NO_AUTO_INSTALL": "1"], timeout: 60)
        expectDocumentedExit(result, "inspect with a zip directory past the end")
    }
}
