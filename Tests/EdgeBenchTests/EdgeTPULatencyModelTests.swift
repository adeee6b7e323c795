import EdgeBench
import FixtureSupport
import Foundation
import Results
import ModelFormat
import Presentation
import Testing

/// Coral's published rows with the equivalent models in ../shared/estimator/models (and the real MobileNet v2).
enum CalibrationSet {
    static let estimator = URL(fileURLWithPath: Fixtures.directory).deletingLastPathComponent().appendingPathComponent("estimator")
    static var available: Bool { FileManager.default.fileExists(atPath: estimator.appendingPathComponent("coral_calibration.csv").path) }

    /// The architecture → model file of every published row we have a model for (VGG16 and Inception v4: none).
    static let models: [String: String] = [
        "mobilenet_v1": estimator.appendingPathComponent("models/mobilenet_v1_224_quant.tflite").path,
        "mobilenet_v2": Fixtures.model("mobilenet_v2_1.0_224_quant.tflite"),
        "inception_v1": estimator.appendingPathComponent("models/inception_v1_224_quant.tflite").path,
        "resnet50_v1": estimator.appendingPathComponent("models/resnet50_v1_299_quant.tflite").path,
        "efficientnet_edgetpu_s": estimator.appendingPathComponent("models/efficientnet_edgetpu_s_224_quant.tflite").path,
    ]

    /// Rows for one column of the CSV: `usb_ms` or `devboard_ms`.
    static func rows(column: String) throws -> [EdgeTPUCalibrationRow] {
        let text = try String(contentsOf: estimator.appendingPathComponent("coral_calibration.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") }
        let header = lines[0].split(separator: ",").map(String.init)
        let col = try #require(header.firstIndex(of: column))
        return try lines.dropFirst().compactMap { line in
            let fields = line.split(separator: ",").map(String.init)
            guard let path = models[fields[0]], let ms = Double(fields[col]) else { return nil }
            let model = try TFLiteModel(contentsOf: URL(fileURLWithPath: path))
            return EdgeTPUCalibrationRow(architecture: fields[0],
                                         workload: EdgeTPUWorkload(model: model, prediction: model.predictEdgeTPUPlacement()),
                                         milliseconds: ms)
        }
    }
}

@Suite("Edge TPU latency estimate, calibrated on Coral's published table", .enabled(if: Fixtures.available && CalibrationSet.available, "needs ../shared/fixtures and ../shared/estimator"))
struct EdgeTPULatencyModelTests {
    @Test("the committed parameters are the fit of the calibration rows, and the stated error covers leave-one-out",
          arguments: [("usb_ms", EdgeTPULink.usb3), ("devboard_ms", EdgeTPULink.pcie)])
    func calibration(column: String, link: EdgeTPULink) throws {
        let rows = try CalibrationSet.rows(column: column)
        #expect(rows.count == 5)
        let prior = EdgeTPULatencyParameters.prior(link: link)
        let fitted = EdgeTPULatencyCalibration.fit(rows, prior: prior)
        let loo = EdgeTPULatencyCalibration.leaveOneOutErrors(rows, prior: prior)
        let committed = link == .pcie ? EdgeTPULatencyModel.calibrated.pcie : EdgeTPULatencyModel.calibrated.usb
        let stated = link == .pcie ? EdgeTPULatencyModel.calibrated.pcieError : EdgeTPULatencyModel.calibrated.usbError
        print("calibration \(column): fitted \(fitted)")
        for (row, error) in zip(rows, loo) {
            let estimate = EdgeTPULatencyModel.calibrated.estimate(row.workload, clock: .max, link: link)
            print(String(format: "calibration %@ %@: published %.2f ms, fit %.2f ms (%+.1f%%), leave-one-out %+.1f%%",
                         column, row.architecture, row.milliseconds, estimate.milliseconds,
                         100 * (estimate.milliseconds - row.milliseconds) / row.milliseconds, 100 * error))
            #expect(abs(error) <= stated, "\(row.architecture): leave-one-out error within the stated range")
            #expect(estimate.lowMilliseconds <= row.milliseconds && row.milliseconds <= estimate.highMilliseconds)
        }
        for (a, b) in zip(fitted.values, committed.values) {
            #expect(abs(a - b) / b < 0.02, "committed parameter \(b) is the fit \(a)")
        }
    }

    @Test("std clock, USB 2 are uncalibrated and slower; the range is wider")
    func uncalibrated() throws {
        let model = try TFLiteModel(contentsOf: URL(fileURLWithPath: Fixtures.model("mobilenet_v2_1.0_224_quant.tflite")))
        let workload = EdgeTPUWorkload(model: model, prediction: model.predictEdgeTPUPlacement())
        let m = EdgeTPULatencyModel.calibrated
        let max = m.estimate(workload, clock: .max, link: .usb3)
        let std = m.estimate(workload, clock: .std, link: .usb3)
        let usb2 = m.estimate(workload, clock: .max, link: .usb2)
        #expect(max.calibrated && !std.calibrated && !usb2.calibrated)
        #expect(std.milliseconds > max.milliseconds && usb2.milliseconds > max.milliseconds)
        #expect(std.highMilliseconds / std.milliseconds > max.highMilliseconds / max.milliseconds)
    }

    @Test("a bus-bound model is reported as bound by the bus, a small one by fixed costs")
    func bounds() throws {
        let resnet = try TFLiteModel(contentsOf: URL(fileURLWithPath: try #require(CalibrationSet.models["resnet50_v1"])))
        let r = EdgeTPULatencyModel.calibrated.estimate(
            EdgeTPUWorkload(model: resnet, prediction: resnet.predictEdgeTPUPlacement()), clock: .max, link: .usb3)
        #expect(r.bound == .bus)
        let small = try TFLiteModel(contentsOf: URL(fileURLWithPath: Fixtures.model("mobilenet_v1_0.25_128_quant.tflite")))
        let s = EdgeTPULatencyModel.calibrated.estimate(
            EdgeTPUWorkload(model: small, prediction: small.predictEdgeTPUPlacement()), clock: .max, link: .usb3)
        #expect(s.bound == .fixedCosts)
    }

    @Test("the seed comparison words the verdict as an estimate, from the warm CPU runs")
    func seedComparison() throws {
        let model = try TFLiteModel(contentsOf: URL(fileURLWithPath: Fixtures.model("mobilenet_v2_1.0_224_quant.tflite")))
        let c = try #require(EdgeTPUSeedComparison(model: model, cpuTimings: [40, 20, 22, 24]))
        #expect(c.cpuMedianMilliseconds == 22 && c.cpuMinimumMilliseconds == 20 && c.cpuRuns == 3) // cold run left out
        let e = try #require(c.estimate)
        #expect(c.lines[2] == String(format: "verdict: the Edge TPU would be ≈ %.1fx faster than this CPU, estimated, range %.1fx–%.1fx",
                                     22 / e.milliseconds, 22 / e.highMilliseconds, 22 / e.lowMilliseconds))
        let float = try TFLiteModel(contentsOf: URL(fileURLWithPath: Fixtures.model("mobilenet_v2_1.0_224_float_dq.tflite")))
        let f = try #require(EdgeTPUSeedComparison(model: float, cpuTimings: [9, 8]))
        #expect(f.estimate == nil)
        #expect(f.lines.last?.hasPrefix("edgetpu (estimated): nothing maps to the Edge TPU: the model is not fully 8-bit quantized") == true)
    }

    @Test("the CPU-fallback operators are cut into a model of their own and timed on this CPU",
          .enabled(if: Fixtures.ready, Comment(rawValue: Fixtures.skipMessage)))
    func cpuPart() throws {
        let deeplab = try TFLiteModel(contentsOf: URL(fileURLWithPath: Fixtures.model("deeplabv3_mnv2_dm05_pascal_quant.tflite")))
        let prediction = deeplab.predictEdgeTPUPlacement()
        let part = try TFLiteModel(bytes: try #require(try deeplab.cpuPartModel(prediction)))
        #expect(part.mainSubgraph.operators.count == 7)
        #expect(Set(part.inputTensors.map(\.shape)) == [[1, 1, 1, 256], [1, 33, 33, 256]]) // the Edge TPU outputs it reads
        #expect(part.outputTensors.map(\.shape) == [[1, 513, 513]])
        let timing = CPUPartTiming.measure(model: deeplab, prediction: prediction, runs: 3)
        #expect(timing.runs == 3)
        #expect((timing.milliseconds ?? 0) > 0, "\(timing.note)")

        let posenet = try TFLiteModel(contentsOf: URL(fileURLWithPath: Fixtures.model("posenet_mobilenet_v1_075_721_1281_quant_decoder.tflite")))
        let notTimed = CPUPartTiming.measure(model: posenet, prediction: posenet.predictEdgeTPUPlacement())
        #expect(notTimed.milliseconds == nil)
        #expect(notTimed.note == "not timed: LiteRT cannot run PosenetDecoderOp on the CPU")
    }
}
