// The accuracy pipeline's speed against its parts, one inference thread (release build):
//   AccuracyPipeline MODEL DATASET --labels LABELS [--repeat N]
// For each of N passes: decode only, decode + resize, then `AccuracyEvaluator` itself (the code `edgebench
// accuracy MODEL:threads=1 --dataset DATASET` runs; its invoke-only pass gives the invoke-only rate). Prints
// images/s for each and the ratio pipeline / invoke-only. Run it beside Benchmarks/python/accuracy_serial.py.
import EdgeBench
import Foundation
import Imaging

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: AccuracyPipeline MODEL DATASET --labels LABELS [--repeat N]\n".utf8))
    exit(64)
}
let model = arguments[1], dataset = arguments[2]
let passes = arguments.firstIndex(of: "--repeat").flatMap { Int(arguments[$0 + 1]) } ?? 3
let labels = arguments.firstIndex(of: "--labels").map { arguments[$0 + 1] }

func images(in folder: String) -> [String] {
    let manager = FileManager.default
    let classes = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    return classes.flatMap { name -> [String] in
        let sub = folder + "/" + name
        return ((try? manager.contentsOfDirectory(atPath: sub)) ?? []).sorted().map { sub + "/" + $0 }
    }
}

do {
    let paths = images(in: dataset)
    let configuration = try BenchConfiguration.parse(model + ":threads=1")
    let side = 224
    let clock = ContinuousClock()
    func rate(_ count: Int, _ duration: Duration) -> Double { Double(count) / (Double(duration.components.attoseconds) / 1e18 + Double(duration.components.seconds)) }
    print("images: \(paths.count), model: \((model as NSString).lastPathComponent), threads: 1")
    var decodeRates: [Double] = [], resizeRates: [Double] = [], pipelineRates: [Double] = [], invokeRates: [Double] = []
    for _ in 0..<passes {
        var start = clock.now
        var decoded: [RGBImage] = []
        for path in paths { decoded.append(try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: path))) }
        decodeRates.append(rate(paths.count, clock.now - start))
        start = clock.now
        var checksum = 0
        for image in decoded { checksum &+= Int(image.resized(width: side, height: side).pixels[0]) }
        resizeRates.append(rate(paths.count, clock.now - start))
        var request = AccuracyRequest(configurations: [configuration], datasetPath: dataset)
        request.latencyRuns = paths.count
        request.labelsPath = labels
        let report = try await AccuracyEvaluator.evaluate(request)
        pipelineRates.append(report.pipeline.imagesPerSecond ?? 0)
        invokeRates.append(report.configurations[0].latency.map { 1000 / $0.invokeMedianMs } ?? 0)
        _ = checksum
    }
    func show(_ name: String, _ rates: [Double]) {
        let sorted = rates.sorted()
        print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + rates.map { String(format: "%7.2f", $0) }.joined(separator: " ")
              + String(format: "   (median %.2f)", sorted[sorted.count / 2]))
    }
    show("decode only images/s", decodeRates)
    show("resize only images/s", resizeRates)
    show("pipeline images/s", pipelineRates)
    show("invoke-only runs/s", invokeRates)
    let ratio = zip(pipelineRates, invokeRates).map { $0 / $1 }.sorted()
    print(String(format: "pipeline / invoke-only: median %.2f", ratio[ratio.count / 2]))
} catch {
    FileHandle.standardError.write(Data("AccuracyPipeline: \(error.localizedDescription)\n".utf8))
    exit(1)
}
