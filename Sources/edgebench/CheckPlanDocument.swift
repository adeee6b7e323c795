import EdgeBench
import Foundation

/// `check --dry-run --format json`: schema `edgebench.check-plan/1` — `baseline`, `configurations` (`label`,
/// `configuration` as `check` rebuilt it, `baseline_configuration` as the baseline recorded it or null, `measured`),
/// `input` (`zeros`, `random`, or the image paths that will be read), `end_to_end`, `warmup`, `runs`, `min_time_s`,
/// `max_time_s` (null when none).
struct CheckPlanDocument: Encodable {
    static let schemaName = "edgebench.check-plan/1"
    let plan: RemeasurePlan
    let baseline: String

    init(_ plan: RemeasurePlan, baseline: String) {
        self.plan = plan
        self.baseline = baseline
    }

    static func inputText(_ input: BenchInput) -> String {
        switch input {
        case .zeros: "zeros"
        case .random: "random"
        case let .images(paths): "images " + paths.joined(separator: ",")
        }
    }

    enum Key: String, CodingKey {
        case schema, baseline, configurations, input, images, endToEnd = "end_to_end", warmup, runs
        case minTimeS = "min_time_s", maxTimeS = "max_time_s"
    }

    enum ItemKey: String, CodingKey { case label, configuration, baselineConfiguration = "baseline_configuration", measured }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(Self.schemaName, forKey: .schema)
        try container.encode(baseline, forKey: .baseline)
        var items = container.nestedUnkeyedContainer(forKey: .configurations)
        for item in plan.items {
            var nested = items.nestedContainer(keyedBy: ItemKey.self)
            try nested.encode(item.label, forKey: .label)
            try nested.encode(item.configuration.canonicalText, forKey: .configuration)
            try nested.encode(item.recorded, forKey: .baselineConfiguration)
            try nested.encode(item.measured, forKey: .measured)
        }
        switch plan.options.input {
        case .zeros: try container.encode("zeros", forKey: .input)
        case .random: try container.encode("random", forKey: .input)
        case .images: try container.encode("images", forKey: .input)
        }
        let images: [String]? = if case let .images(paths) = plan.options.input { paths } else { nil }
        try container.encode(images, forKey: .images)
        try container.encode(plan.options.endToEnd, forKey: .endToEnd)
        try container.encode(plan.options.warmup, forKey: .warmup)
        try container.encode(plan.options.runs, forKey: .runs)
        try container.encode(plan.options.minTime, forKey: .minTimeS)
        try container.encode(plan.options.maxTime, forKey: .maxTimeS)
    }
}
