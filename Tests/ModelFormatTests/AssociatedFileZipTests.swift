import FixtureSupport
import Foundation
import Testing
import ModelFormat

/// The end-of-central-directory record of a zip (22 bytes, no comment).
private func endOfCentralDirectory(entries: UInt16, directorySize: UInt32, directoryOffset: UInt32) -> [UInt8] {
    var record: [UInt8] = []
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { record += $0 } }
    append(UInt32(0x0605_4B50))
    append(UInt16(0)); append(UInt16(0)) // this disk, disk of the central directory
    append(entries); append(entries)
    append(directorySize); append(directoryOffset)
    append(UInt16(0)) // comment length
    return record
}

/// A central directory entry naming `name` whose local header is claimed to be at `localHeaderOffset`.
private func centralDirectoryEntry(name: String, localHeaderOffset: UInt32, flags: UInt16 = 0,
                                   compressedSize: UInt32 = 4, uncompressedSize: UInt32 = 4) -> [UInt8] {
    var entry: [UInt8] = []
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { entry += $0 } }
    append(UInt32(0x0201_4B50))
    append(UInt16(0x0314)); append(UInt16(0x0014)) // made by, needed
    append(flags); append(UInt16(0))               // flags, method (stored)
    append(UInt16(0)); append(UInt16(0))           // time, date
    append(UInt32(0)); append(compressedSize); append(uncompressedSize)
    append(UInt16(name.utf8.count)); append(UInt16(0)); append(UInt16(0)) // name, extra, comment lengths
    append(UInt16(0)); append(UInt16(0)); append(UInt32(0))  // disk, internal, external attributes
    append(localHeaderOffset)
    entry += Array(name.utf8)
    return entry
}

/// A local file header for a stored entry named `name`, followed by `data`.
private func localFile(name: String, flags: UInt16 = 0, data: [UInt8]) -> [UInt8] {
    var header: [UInt8] = []
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { header += $0 } }
    append(UInt32(0x0403_4B50))
    append(UInt16(0x0014)); append(flags); append(UInt16(0)) // needed, flags, method (stored)
    append(UInt16(0)); append(UInt16(0))                     // time, date
    append(UInt32(0)); append(UInt32(data.count)); append(UInt32(data.count))
    append(UInt16(name.utf8.count)); append(UInt16(0))
    return header + Array(name.utf8) + data
}

/// A ZIP64 end-of-central-directory record (56 bytes) and its locator (20 bytes).
private func zip64EndRecords(directorySize: UInt64, directoryOffset: UInt64, recordOffset: UInt64) -> [UInt8] {
    var bytes: [UInt8] = []
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    append(UInt32(0x0606_4B50)); append(UInt64(44)); append(UInt16(45)); append(UInt16(45))
    append(UInt32(0)); append(UInt32(0)); append(UInt64(1)); append(UInt64(1))
    append(directorySize); append(directoryOffset)
    append(UInt32(0x0706_4B50)); append(UInt32(0)); append(recordOffset); append(UInt32(1))
    return bytes
}

/// Regressions found by `scripts/fuzz.sh` (target FuzzMetadata): a model is also read as a zip of associated
/// files, and ZIPFoundation's in-memory reader (`Archive(data:)`, 0.9.20) traps — "Range requires
/// lowerBound <= upperBound" in `Archive.MemoryFile.readData` — when a directory offset points past the end
/// of the data (upstream weichsel/ZIPFoundation#394). A hostile model must instead have no associated files
/// (nil) or throw.
///
/// Each case runs in a child process (an exit test), so a regression fails the test instead of killing the
/// test runner.
@Suite("Associated-file zips with offsets past the end", .enabled(if: Fixtures.available, Fixtures.modelsMissing))
struct AssociatedFileZipTests {
    @Test("a central directory offset past the end of the model gives no file instead of a trap")
    func centralDirectoryPastTheEnd() async {
        await #expect(processExitsWith: .success) {
            let iris = try Fixtures.modelBytes("iris_lite.tflite")
            let bytes = iris + endOfCentralDirectory(entries: 1, directorySize: 46, directoryOffset: 0x7FFF_0000)
            let model = try TFLiteModel(bytes: bytes)
            _ = try? model.associatedFile(named: "labels.txt")
        }
    }

    @Test("a local header offset past the end of the model gives no file instead of a trap")
    func localHeaderPastTheEnd() async {
        await #expect(processExitsWith: .success) {
            let iris = try Fixtures.modelBytes("iris_lite.tflite")
            let entry = centralDirectoryEntry(name: "labels.txt", localHeaderOffset: 0x7FFF_0000)
            let bytes = iris + entry
                + endOfCentralDirectory(entries: 1, directorySize: UInt32(entry.count), directoryOffset: UInt32(iris.count))
            let model = try TFLiteModel(bytes: bytes)
            _ = try? model.associatedFile(named: "labels.txt")
        }
    }

    @Test("a stored entry whose data descriptor lies past the end (uncompressed size too large) gives no file")
    func dataDescriptorPastTheEnd() async {
        await #expect(processExitsWith: .success) {
            let iris = try Fixtures.modelBytes("iris_lite.tflite")
            // Flag bit 3: sizes follow the data in a descriptor, found after `uncompressedSize` bytes of a stored entry.
            let local = localFile(name: "labels.txt", flags: 0x08, data: Array("cat\n".utf8))
            let entry = centralDirectoryEntry(name: "labels.txt", localHeaderOffset: UInt32(iris.count), flags: 0x08,
                                              compressedSize: 4, uncompressedSize: 0x0004_001C)
            let bytes = iris + local + entry + endOfCentralDirectory(
                entries: 1, directorySize: UInt32(entry.count), directoryOffset: UInt32(iris.count + local.count))
            let model = try TFLiteModel(bytes: bytes)
            _ = try? model.associatedFile(named: "labels.txt")
        }
    }

    @Test("a ZIP64 end-of-central-directory record pointing past the end gives no file")
    func zip64RecordPastTheEnd() async {
        await #expect(processExitsWith: .success) {
            let iris = try Fixtures.modelBytes("iris_lite.tflite")
            let local = localFile(name: "labels.txt", data: Array("cat\n".utf8))
            let entry = centralDirectoryEntry(name: "labels.txt", localHeaderOffset: UInt32(iris.count))
            // ZIPFoundation takes the directory offset from a ZIP64 record found 20 + 56 bytes before the
            // end record, whatever the 32-bit fields say.
            let zip64 = zip64EndRecords(directorySize: UInt64(entry.count), directoryOffset: 0x7FFF_0000,
                                        recordOffset: UInt64(iris.count + local.count + entry.count))
            let bytes = iris + local + entry + zip64 + endOfCentralDirectory(
                entries: 1, directorySize: UInt32(entry.count), directoryOffset: UInt32(iris.count + local.count))
            let model = try TFLiteModel(bytes: bytes)
            _ = try? model.associatedFile(named: "labels.txt")
        }
    }

    @Test("a well-formed stored zip appended to a model is read")
    func wellFormedAppendedZip() throws {
        let iris = try Fixtures.modelBytes("iris_lite.tflite")
        let local = localFile(name: "labels.txt", data: Array("setosa\nversicolor\nvirginica\n".utf8))
        let entry = centralDirectoryEntry(name: "labels.txt", localHeaderOffset: UInt32(iris.count),
                                          compressedSize: UInt32(local.count - 40), uncompressedSize: UInt32(local.count - 40))
        let bytes = iris + local + entry + endOfCentralDirectory(
            entries: 1, directorySize: UInt32(entry.count), directoryOffset: UInt32(iris.count + local.count))
        let model = try TFLiteModel(bytes: bytes)
        let file = try #require(try model.associatedFile(named: "labels.txt"))
        #expect(String(decoding: file, as: UTF8.self) == "setosa\nversicolor\nvirginica\n")
    }

    @Test("embedded labels of a real model whose zip directory offset was patched past the end are nil")
    func embeddedLabelsOfPatchedModel() async {
        await #expect(processExitsWith: .success) {
            var bytes = try Fixtures.modelBytes("tf2_mobilenet_v2_1.0_224_ptq.tflite")
            // The model ends with its labels zip's end-of-central-directory record (no comment).
            let record = bytes.count - 22
            guard bytes[record ..< record + 4].elementsEqual([0x50, 0x4B, 0x05, 0x06]) else { return }
            for (i, byte) in [UInt8](arrayLiteral: 0x00, 0x00, 0xFF, 0x7F).enumerated() { bytes[record + 16 + i] = byte }
            let model = try TFLiteModel(bytes: bytes)
            _ = model.embeddedLabels()
            _ = InspectReport(model: model).renderText(showOps: false)
        }
    }

    @Test("the labels of the unpatched model are still read")
    func intactLabels() throws {
        let model = try Fixtures.tfliteModel("tf2_mobilenet_v2_1.0_224_ptq.tflite")
        let labels = try #require(model.embeddedLabels())
        #expect(labels.count > 1000)
    }
}
