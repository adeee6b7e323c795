import ArgumentParser
import EdgeBench
import Foundation

extension Edgebench {
    /// `bench --profile` under its own name: the question "why is it slow" reads better as a verb.
    struct Profile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Profile models per operator (and report memory): the same as `bench … --profile`.",
            discussion: """
                Measures each configuration like `bench`, then profiles it in a separate, profiler-enabled compile \
                (--profile-runs runs) so the latency figures never carry the profiler's cost.

                Examples:
                  edgebench profile mobilenet_v2_1.0_224_quant.tflite
                  edgebench profile mobilenet_v2_1.0_224_quant.tflite --kernels builtin --format json
                """)

        @Argument(help: "Models, each optionally MODEL@DEVICE or MODEL:key=value,...; an existing file is a model whatever its name.")
        var models: [String]

        @OptionGroup var runtimeOptions: RuntimeOptions

        @OptionGroup var measurement: MeasurementOptions

        func run() throws {
            let configurations = try BenchConfiguration.sweep(models: models, flags: runtimeOptions.flags())
            if configurations.count == 1, let only = configurations.first {
                try CustomOperatorSupport.check(modelPath: only.modelPath, settings: only.settings)
            }
            let runtime = try runtimeOptions.runtime()
            var options = measurement.benchOptions()
            options.profileRuns = measurement.profileRuns
            _ = try measurement.measure(configurations, options: options, runtime: runtime)
        }
    }
}
