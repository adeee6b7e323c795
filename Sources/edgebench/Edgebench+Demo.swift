import ArgumentParser
import EdgeBench
import enum EdgeBenchKit.ClassifyFlow
import Foundation
import ModelFormat
import Presentation
import Results

extension Edgebench {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The seed experiment: MobileNet v2 classifies an image; five runs are timed.",
            discussion: """
                Without arguments it uses mobilenet_v2_1.0_224_quant.tflite and parrot.jpg from the fixtures \
                (EDGEBENCH_FIXTURES, default ../shared/fixtures) or from ~/.cache/edgebench/models.
                """)

        @Argument(help: "A model to use instead of the seed's.")
        var model: String?

        @Option(help: "An image to use instead of the seed's.")
        var image: String?

        @Option(help: "A labels file (default: the model's embedded labels).")
        var labels: String?

        @OptionGroup var runtime: RuntimeOptions

        func validate() throws { try runtime.requireSingleValues() }

        func run() throws {
            let plan: DemoPlan
            do {
                plan = try DemoPlan.choose(model: model, image: image)
            } catch EdgeBenchError.noDemoModel(let searched) {
                Terminal.notice("no real model found (looked for \(searched.joined(separator: ", "))); running synthetic MobileNet v2 models instead")
                for synthetic in try DemoPlan.synthetic(image: image) {
                    try classify(synthetic)
                }
                print("note: the weights are synthetic — the timings are real, the labels are meaningless.")
                return
            }
            try classify(plan)
        }

        func classify(_ plan: DemoPlan) throws {
            var request = ClassifyRequest(modelPath: plan.modelPath, imagePath: plan.imagePath)
            request.labelsPath = labels ?? plan.labelsPath
            request.runs = 5
            request.topK = 3
            request.settings = runtime.settings
            let report = try ClassifyFlow.classify(request, runtime: runtime.runtime())
            print(ClassificationText.render(report), terminator: "")
            // Without an Edge TPU run, the seed's comparison still ends the demo: CPU measured, Edge TPU estimated.
            if runtime.settings.backend != .edgetpu,
               let comparison = EdgeTPUSeedComparison(model: try ModelFile(path: plan.modelPath).format, cpuTimings: report.timingsMs) {
                print("")
                for line in comparison.lines { print(TerminalText.escape(line)) }
            }
        }
    }
}
