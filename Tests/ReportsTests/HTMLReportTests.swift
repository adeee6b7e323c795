import Results
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports
@testable import Presentation

/// The HTML report parsed as XML (the report is written to be well-formed XHTML).
private struct ParsedReport {
    let document: XMLDocument

    init(_ html: String) throws {
        document = try XMLDocument(xmlString: html, options: [])
    }

    /// Elements whose local name is `name` (SVG elements are in the SVG namespace) and whose class list has `cssClass`.
    func elements(_ name: String, class cssClass: String? = nil, inside container: XMLNode? = nil) throws -> [XMLElement] {
        var predicate = "local-name()='\(name)'"
        if let cssClass { predicate += " and contains(concat(' ', normalize-space(@class), ' '), ' \(cssClass) ')" }
        // FoundationXML evaluates "./" paths from the document node to nothing: search the document with "//".
        let nodes = try container.map { try $0.nodes(forXPath: ".//*[\(predicate)]") } ?? document.nodes(forXPath: "//*[\(predicate)]")
        return nodes.compactMap { $0 as? XMLElement }
    }
}

/// An attribute's value. (FoundationXML's `attribute(forName:)` finds nothing on elements in a default
/// namespace such as SVG's, so the attributes are searched by name.)
private func attribute(_ element: XMLElement, _ name: String) -> String? {
    element.attributes?.first { $0.name == name }?.stringValue
}

@Suite("HTML report")
struct HTMLReportTests {
    @Test("is a self-contained, well-formed document with light, dark and print styles and no scripts")
    func selfContained() throws {
        let html = HTMLReport.render([try Fixture.report()], title: "Fixture")
        _ = try ParsedReport(html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(html.contains("@media print"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src=\""))
        #expect(!html.contains("href=\"http"))
        #expect(!html.contains("url("))
        // The only absolute URLs are the SVG namespace.
        let urls = html.components(separatedBy: "http").count - 1
        let namespaces = html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
        #expect(urls == namespaces)
    }

    @Test("draws one bar per available configuration whose data-p50 equals the JSON's p50")
    func barsMatchJSON() throws {
        let report = try Fixture.report()
        let parsed = try ParsedReport(HTMLReport.render([report], title: "Fixture"))
        let chart = try #require(try parsed.elements("svg", class: "latency-chart").first)
        let bars = try parsed.elements("rect", class: "bar", inside: chart)
        let available = report.results.filter { $0.available && $0.latencyMs != nil }
        #expect(bars.count == available.count)
        #expect(available.count == 3)
        let json = try Fixture.encode(report)
        for result in available {
            let latency = try #require(result.latencyMs)
            let bar = try #require(bars.first { attribute($0, "data-config") == result.label })
            let p50 = try #require(attribute(bar, "data-p50"))
            // Equal to the JSON text of the same number, and to what JSONEncoder writes for it.
            #expect(p50 == JSONNumber.format(latency.p50))
            #expect(p50 == String(decoding: try JSONEncoder().encode(latency.p50), as: UTF8.self))
            #expect(json.contains("\"p50\" : \(p50),"))
            #expect(Double(p50) == latency.p50)
            #expect(attribute(bar, "data-ci-low") == JSONNumber.format(latency.p50CI[0]))
            #expect(attribute(bar, "data-ci-high") == JSONNumber.format(latency.p50CI[1]))
            #expect(attribute(bar, "data-speedup") == result.speedup.map { JSONNumber.format($0.median) })
        }
        // The baseline bar is marked; the unavailable Edge TPU configuration has no bar.
        #expect(try parsed.elements("rect", class: "baseline", inside: chart).count == 1)
        #expect(!bars.contains { attribute($0, "data-config")?.contains("edgetpu") == true })
        // "7.3000000000000007" in the fixture is the double 7.300000000000001: the attribute is what the JSON output holds.
        let beta = try #require(bars.first { attribute($0, "data-config") == "beta.tflite cpu xnnpack 2 threads" })
        #expect(attribute(beta, "data-ci-high") == "7.300000000000001")
    }

    @Test("has x and y axes with ticks and a unit label on every chart")
    func axes() throws {
        let parsed = try ParsedReport(HTMLReport.render([try Fixture.report()], title: "Fixture"))
        for chartClass in ["latency-chart", "percentile-chart", "phase-chart"] {
            let chart = try #require(try parsed.elements("svg", class: chartClass).first, "\(chartClass) missing")
            let xAxis = try #require(try parsed.elements("g", class: "x-axis", inside: chart).first)
            let yAxis = try #require(try parsed.elements("g", class: "y-axis", inside: chart).first)
            #expect(try parsed.elements("line", inside: xAxis).count >= 1)
            #expect(try parsed.elements("line", inside: yAxis).count >= 1)
            #expect(try parsed.elements("g", class: "tick", inside: xAxis).count >= 3)
            let labels = try parsed.elements("text", class: "axis-label", inside: chart).compactMap(\.stringValue)
            #expect(labels.contains { $0.contains("ms") || $0.contains("percentile") }, "\(chartClass) has no unit label")
        }
        let latencyChart = try #require(try parsed.elements("svg", class: "latency-chart").first)
        #expect(attribute(latencyChart, "data-unit") == "ms")
        let ticks = try parsed.elements("g", class: "tick", inside: latencyChart).compactMap { attribute($0, "data-value").flatMap(Double.init) }
        // Ticks start at zero, rise evenly, and reach past the highest CI bound (10.1 ms).
        #expect(ticks.first == 0)
        #expect((ticks.last ?? 0) >= 10.1)
        let steps = zip(ticks, ticks.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { abs($0 - steps[0]) < 1e-9 })
    }

    @Test("draws a percentile curve and stacked phases for each measured configuration")
    func distributionAndPhases() throws {
        let report = try Fixture.report()
        let parsed = try ParsedReport(HTMLReport.render([report], title: "Fixture"))
        let curves = try parsed.elements("polyline", class: "curve")
        #expect(curves.count == 3)
        let alpha = report.results[0]
        let points = try parsed.elements("circle", class: "point").filter {
            ($0.parent as? XMLElement).flatMap { attribute($0, "data-config") } == alpha.label
        }
        #expect(points.map { attribute($0, "data-ms") } == (alpha.percentiles ?? []).map { JSONNumber.format($0[1]) })
        #expect(points.map { attribute($0, "data-percentile") } == (alpha.percentiles ?? []).map { JSONNumber.format($0[0]) })

        let segments = try parsed.elements("rect", class: "phase")
        #expect(segments.count == 3 * 6)
        let alphaSegments = segments.filter { attribute($0, "data-config") == alpha.label }
        #expect(alphaSegments.map { attribute($0, "data-phase") ?? "" } ==
                ["runtime_load_ms", "model_load_ms", "compile_ms", "first_run_ms", "warmup_ms", "steady_state_ms"])
        try #require(alphaSegments.count == 6)
        #expect(attribute(alphaSegments[0], "data-ms") == "12.5")
        #expect(attribute(alphaSegments[5], "data-ms") == "2004.125")
    }

    @Test("shows the environment, agreement, Edge TPU placement, unavailable reasons, warnings and the verdict")
    func sections() throws {
        let report = try Fixture.report()
        let html = HTMLReport.render([report], title: "Fixture")
        #expect(html.contains("Synthetic CPU @ 2.00GHz"))
        #expect(html.contains(report.environment.stableHash.prefix(16)))
        #expect(html.contains("Output agreement"))
        #expect(html.contains("0/1"))
        #expect(html.contains("Edge TPU"))
        #expect(html.contains("usb:0"))
        #expect(html.contains("no Edge TPU found (usb:0)"))
        #expect(html.contains("Unavailable configurations"))
        #expect(html.contains("synthetic warning for the test"))
        #expect(html.contains("1.82x faster than cpu xnnpack 1 thread"))
        #expect(html.contains("1.82× faster"))
    }

    @Test("escapes user text: a model named with <script> stays text")
    func escaping() throws {
        var report = try Fixture.report()
        let hostile = "<script>alert(\"x\")</script> & 'q'.tflite"
        report.results[0].label = hostile + " cpu xnnpack 1 thread"
        report.results[0].model = "/tmp/" + hostile
        report.results[3].unavailableReason = "<img src=x onerror=alert(1)>"
        report.warnings = ["</div><script>alert(2)</script>"]
        let title = "Report <b>&</b>"
        let html = HTMLReport.render([report], title: title)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;.tflite"))
        // The parsed document gives back the original text, so nothing was lost or doubly escaped.
        let parsed = try ParsedReport(html)
        let bars = try parsed.elements("rect", class: "bar")
        #expect(bars.contains { attribute($0, "data-config") == hostile + " cpu xnnpack 1 thread" })
        let heading = try #require(try parsed.elements("h1").first)
        #expect(heading.stringValue == title)
    }

    @Test("replaces control characters XML forbids")
    func controlCharacters() throws {
        #expect(HTML.escape("a\u{0}b\u{1B}c\td") == "a\u{FFFD}b\u{FFFD}c\td")
        var report = try Fixture.report()
        report.results[1].label = "bell\u{7}label"
        _ = try ParsedReport(HTMLReport.render([report], title: "x"))
    }

    @Test("renders several runs, and none")
    func severalAndNone() throws {
        let report = try Fixture.report()
        let parsed = try ParsedReport(HTMLReport.render([report, Fixture.scaled(report, by: 1.5)], title: "Two"))
        #expect(try parsed.elements("section", class: "run").count == 2)
        #expect(try parsed.elements("rect", class: "bar").count == 6)
        let empty = HTMLReport.render([], title: "Nothing")
        _ = try ParsedReport(empty)
        #expect(empty.contains("No results to show."))
    }

    @Test("renders a report where nothing was measured")
    func nothingMeasured() throws {
        var report = try Fixture.report()
        for index in report.results.indices {
            report.results[index].available = false
            report.results[index].latencyMs = nil
            report.results[index].percentiles = nil
            report.results[index].phases = nil
            report.results[index].unavailableReason = "reason \(index)"
        }
        let html = HTMLReport.render([report], title: "x")
        let parsed = try ParsedReport(html)
        #expect(try parsed.elements("rect", class: "bar").isEmpty)
        #expect(html.contains("No configuration could be measured."))
        #expect(html.contains("reason 3"))
    }
}

@Suite("JSON number formatting")
struct JSONNumberTests {
    @Test("writes every double as JSONEncoder does")
    func matchesJSONEncoder() throws {
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 0.30000000000000004, 17.498111, 7.588279999999999, 1e-7, 1e-5, 1e-4,
                                1e15, 1e16, 1e21, 123456789, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 2.5, 1.0 / 3]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            values.append(Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF))
            values.append(Double.random(in: 0..<1000, using: &generator))
        }
        let encoder = JSONEncoder()
        for value in values {
            let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
            #expect(JSONNumber.format(value) == expected, "\(value)")
        }
        #expect(JSONNumber.format(.nan) == "NaN")
        #expect(JSONNumber.format(-.infinity) == "-Infinity")
    }
}

@Suite("Chart scale")
struct ChartScaleTests {
    @Test("picks nice steps and covers the data", arguments: [0.7, 1, 9.99, 10.1, 37, 250, 1234.5])
    func niceTicks(upper: Double) {
        let scale = LinearScale(upper: upper, start: 0, end: 100)
        #expect(scale.ticks.first == 0)
        #expect((scale.ticks.last ?? 0) >= upper)
        #expect((3...12).contains(scale.ticks.count))
        #expect(scale(0) == 0)
        #expect(scale(scale.domain.upperBound) == 100)
    }

    @Test("maps a reversed range for a y axis")
    func reversed() {
        let scale = LinearScale(upper: 40, start: 300, end: 10)
        #expect(scale(0) == 300)
        #expect(scale(scale.domain.upperBound) == 10)
    }
}
