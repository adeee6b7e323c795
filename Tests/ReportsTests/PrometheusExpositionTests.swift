import Results
import Foundation
@testable import Reports
import Testing

@Suite("Prometheus text exposition of a bench report")
struct PrometheusExpositionTests {
    /// The sample lines of `text` whose metric name (before `{`) is exactly `name`.
    func samples(_ text: String, named name: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(name + "{") }
    }

    @Test("latency is a summary in seconds: four quantiles, _sum = mean × count, _count = samples, per measured configuration")
    func latencySummary() throws {
        let text = PrometheusExposition.text(for: try Fixture.report(), machine: "rig-a")
        #expect(text.contains("# TYPE edgebench_latency_seconds summary\n"))
        let quantiles = samples(text, named: "edgebench_latency_seconds")
        // Three measured configurations × four quantiles; the unavailable Edge TPU has none.
        #expect(quantiles.count == 12)
        let first = #"edgebench_latency_seconds{model="alpha.tflite",backend="cpu",device="",threads="1",kernels="xnnpack",configuration="alpha.tflite cpu xnnpack 1 thread",machine="rig-a",quantile="0.5"} 0.01"#
        #expect(quantiles.first == first)
        #expect(quantiles.contains { $0.hasSuffix(#"quantile="0.99"} 0.0112"#) })
        let sums = samples(text, named: "edgebench_latency_seconds_sum")
        #expect(sums.first?.hasSuffix(" \(10.020625 / 1e3 * 200)") == true)
        #expect(samples(text, named: "edgebench_latency_seconds_count").first?.hasSuffix(" 200") == true)
    }

    @Test("init and first-run times are gauges in seconds; an unavailable configuration is available 0 and has no latency")
    func gauges() throws {
        let text = PrometheusExposition.text(for: try Fixture.report(), machine: "rig-a")
        #expect(text.contains("# TYPE edgebench_init_seconds gauge\n"))
        #expect(samples(text, named: "edgebench_init_seconds").first?.hasSuffix(" 0.05025") == true)
        #expect(samples(text, named: "edgebench_first_run_seconds").first?.hasSuffix(" 0.0305") == true)
        let available = samples(text, named: "edgebench_configuration_available")
        #expect(available.count == 4)
        #expect(available.last?.contains(#"backend="edgetpu",device="usb:0""#) == true)
        #expect(available.last?.hasSuffix(" 0") == true)
        #expect(samples(text, named: "edgebench_output_agreement_ratio").map { $0.split(separator: " ").last } == ["1", "0"])
        #expect(samples(text, named: "edgebench_run_timestamp_seconds").first?.hasSuffix(" 1767323045") == true)
    }

    @Test("every family has one HELP and one TYPE line, before all its samples")
    func familiesAreContiguous() throws {
        let text = PrometheusExposition.text(for: try Fixture.report(), machine: "m")
        var seen: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let name = String(line.prefix { $0 != "{" }).replacingOccurrences(of: "_sum", with: "").replacingOccurrences(of: "_count", with: "")
            if seen.last != name {
                #expect(!seen.contains(name), "\(name) appears in two places")
                seen.append(name)
            }
        }
        for name in seen {
            #expect(text.components(separatedBy: "# HELP \(name) ").count == 2)
            #expect(text.components(separatedBy: "# TYPE \(name) ").count == 2)
        }
    }

    @Test("label values escape backslash, double quote and line feed; tags follow edgebench's labels")
    func escaping() throws {
        #expect(PrometheusExposition.escapeLabelValue(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
        let tags = [RunTag(key: "commit", value: "abc\"1"), RunTag(key: "ci_job", value: "nightly")]
        let text = PrometheusExposition.text(for: try Fixture.report(), machine: "lab \"west\"", tags: tags)
        #expect(text.contains(#"machine="lab \"west\"",commit="abc\"1",ci_job="nightly"}"#))
    }

    @Test("--tag parses KEY=VALUE at the first '=', and refuses keys that are not label names or that edgebench sets")
    func tagParsing() throws {
        #expect(try RunTag.parse("query=a=b") == RunTag(key: "query", value: "a=b"))
        #expect(try RunTag.parse("empty=") == RunTag(key: "empty", value: ""))
        #expect(throws: RunTagError.missingEquals(argument: "nightly")) { try RunTag.parse("nightly") }
        #expect(throws: RunTagError.invalidKey(argument: "1x=y", key: "1x")) { try RunTag.parse("1x=y") }
        #expect(throws: RunTagError.invalidKey(argument: "ci-job=y", key: "ci-job")) { try RunTag.parse("ci-job=y") }
        #expect(throws: RunTagError.invalidKey(argument: "__name__=y", key: "__name__")) { try RunTag.parse("__name__=y") }
        #expect(throws: RunTagError.reservedKey(argument: "model=y", key: "model")) { try RunTag.parse("model=y") }
        #expect(throws: RunTagError.reservedKey(argument: "instance=y", key: "instance")) { try RunTag.parse("instance=y") }
    }

    @Test("the Pushgateway group of a configuration base64url-encodes machine, model and configuration; messages hide a password")
    func pushgatewayGroup() throws {
        let gateway = try Pushgateway(url: "http://user:secret@gateway:9091/base/")
        let url = gateway.groupURL(machine: "rig", model: "m.tflite", configuration: "m.tflite@usb:threads=1")
        #expect(url.absoluteString == "http://user:secret@gateway:9091/base/metrics/job/edgebench/instance@base64/cmln/model@base64/bS50ZmxpdGU=/configuration@base64/bS50ZmxpdGVAdXNiOnRocmVhZHM9MQ==")
        #expect(gateway.displayURL == "http://user:***@gateway:9091/base/")
        #expect(Pushgateway.base64URL("") == "=")
        #expect(Pushgateway.base64URL("??>") == "Pz8-")
        #expect(throws: PushgatewayError.invalidURL("ftp://gateway")) { try Pushgateway(url: "ftp://gateway") }
        #expect(throws: PushgatewayError.invalidURL("gateway:9091")) { try Pushgateway(url: "gateway:9091") }
    }
}
