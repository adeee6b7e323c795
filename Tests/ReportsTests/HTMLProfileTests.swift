import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports
@testable import Presentation
import Results

@Suite("The HTML report's memory and per-operator charts")
struct HTMLProfileTests {
    static let memory = #"""
    { "method": "m", "load_delta_bytes": 6000000, "compile_delta_bytes": 7000000, "first_run_delta_bytes": -4096,
      "resident_after_first_run_bytes": 50000000, "peak_resident_bytes": 51000000, "parameter_bytes": 3500000,
      "peak_activation_bytes": 1400000 }
    """#
    static let profile = #"""
    { "runs": 10, "run_ms": 9.0, "invoke_ms": 8.8, "operators_ms": 8.5, "outside_operators_ms": 0.5, "mapping": "mixed",
      "operators": [
        { "name": "Convolution (NHWC, QU8) IGEMM", "placement": "xnnpack", "node": null, "subgraph": null, "operator_type": null,
          "count": 10, "mean_ms": 0.5, "total_ms": 5.0, "share": 0.0556 },
        { "name": "Fully Connected (NC, QU8) GEMM", "placement": "xnnpack", "node": null, "subgraph": null, "operator_type": null,
          "count": 10, "mean_ms": 8.0, "total_ms": 80.0, "share": 0.889 },
        { "name": "SOFTMAX", "placement": "cpu", "node": 65, "subgraph": 0, "operator_type": "SOFTMAX",
          "count": 10, "mean_ms": 0.0, "total_ms": 0.0, "share": 0.0 } ],
      "by_operator_type": [], "by_kernel": [], "runtime_scopes": [], "notes": ["XNNPACK kernels <do not map>"] }
    """#

    func report() throws -> BenchReport {
        var report = try JSONDecoder().decode(BenchReport.self, from: Data(Fixture.json.utf8))
        report.results[0].memory = try JSONDecoder().decode(BenchReport.Memory.self, from: Data(Self.memory.utf8))
        report.results[0].profile = try JSONDecoder().decode(OperatorProfile.self, from: Data(Self.profile.utf8))
        return report
    }

    @Test("a profiled configuration gets a sorted operator bar chart with the time outside any operator; memory gets a chart")
    func charts() throws {
        let html = HTMLReport.render([try report()], title: "t")
        let document = try XMLDocument(xmlString: html, options: [])
        func elements(_ cssClass: String) throws -> [XMLElement] {
            try document.nodes(forXPath: "//*[contains(concat(' ', normalize-space(@class), ' '), ' \(cssClass) ')]").compactMap { $0 as? XMLElement }
        }
        func value(_ element: XMLElement, _ name: String) -> String? { element.attributes?.first { $0.name == name }?.stringValue }
        #expect(try elements("operator-chart").count == 1)
        let bars = try elements("operator")
        #expect(bars.compactMap { value($0, "data-name") } == ["Fully Connected (NC, QU8) GEMM", "Convolution (NHWC, QU8) IGEMM", "SOFTMAX"])
        #expect(bars.compactMap { value($0, "data-ms") } == ["8", "0.5", "0"])
        #expect(try elements("outside").first.flatMap { value($0, "data-ms") } == "0.5")
        #expect(try elements("memory-chart").count == 1)
        let phases = try elements("memory").compactMap { value($0, "data-phase") }
        #expect(phases == ["load_delta_bytes", "compile_delta_bytes", "first_run_delta_bytes"])
        #expect(try elements("model-bytes").compactMap { value($0, "data-bytes") } == ["3500000", "1400000"])
        #expect(html.contains("XNNPACK kernels &lt;do not map&gt;"))
    }

    @Test("a report without memory or profiles has neither chart")
    func none() throws {
        let report = try JSONDecoder().decode(BenchReport.self, from: Data(Fixture.json.utf8))
        let html = HTMLReport.render([report], title: "t")
        #expect(!html.contains("memory-chart"))
        #expect(!html.contains("operator-chart"))
    }
}
