import Presentation
import Results
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports

/// The fixture run as measured on another machine, `factor` times slower.
private func onMachine(_ name: String, factor: Double = 1, cpu: String? = nil) throws -> BenchReport {
    var report = Fixture.scaled(try Fixture.report(), by: factor)
    report.environment.machineName = name
    if let cpu { report.environment.cpuModel = cpu }
    // Another machine has its own paths: the configuration is matched by model SHA-256 and settings, not by path.
    for index in report.results.indices { report.results[index].model = "/home/\(name)" + report.results[index].model }
    return report
}

@Suite("Several machines in one HTML report, and check's machine comparison")
struct FleetViewTests {
    @Test("two machines: one side-by-side row per configuration with one cell per run, charts per configuration, well-formed")
    func sideBySide() throws {
        let a = try onMachine("rig-a"), b = try onMachine("rig-b & <co>", factor: 2)
        let html = HTMLReport.render([a, b], title: "Fleet")
        let document = try XMLDocument(xmlString: html, options: [])
        let headers = try document.nodes(forXPath: "//*[local-name()='th' and contains(@class, 'machine')]").compactMap { $0 as? XMLElement }
        #expect(headers.compactMap { $0.attribute(forName: "data-machine")?.stringValue } == ["rig-a", "rig-b & <co>"])
        let rows = try document.nodes(forXPath: "//*[local-name()='table' and @class='machines-side-by-side']//*[local-name()='tr' and @data-config-key]")
        #expect(rows.count == a.results.count, "one row per configuration, not per machine")
        // The measured configurations have p50 cells on both machines, the second twice the first.
        let measured = a.results.filter { $0.available && $0.latencyMs != nil }
        let cells = try document.nodes(forXPath: "//*[local-name()='td' and @data-p50]").compactMap { ($0 as? XMLElement)?.attribute(forName: "data-p50")?.stringValue }
        #expect(cells.count == 2 * measured.count)
        for (index, result) in measured.enumerated() {
            let p50 = try #require(result.latencyMs?.p50)
            #expect(Double(cells[2 * index]) == p50 && Double(cells[2 * index + 1]) == 2 * p50)
        }
        // Charts only for configurations measured on both (the Edge TPU one ran nowhere).
        #expect(Fleet.count("<figure class=\"machine-comparison\"", in: html) == measured.count)
        #expect(html.contains("Run 2 — \(a.created) on rig-b &amp; &lt;co&gt;"))
    }

    @Test("runs of one machine get no side-by-side section")
    func oneMachine() throws {
        let html = HTMLReport.render([try onMachine("rig-a"), try onMachine("rig-a", factor: 1.5)], title: "One machine")
        #expect(!html.contains("machines-side-by-side"))
        #expect(html.contains("<dt>Machine</dt><dd>rig-a</dd>"))
    }

    @Test("machines differ by name or by CPU, cores, kernel or OS; not by the LiteRT version; the refusal is usage (64)")
    func identity() throws {
        let a = try onMachine("rig-a")
        var newerRuntime = a
        newerRuntime.environment.litertVersion = "9.9.9"
        #expect(CheckMachines(baseline: a.environment, current: newerRuntime.environment, anyMachine: false).same)
        let otherCPU = try onMachine("rig-a", cpu: "Other CPU")
        let machines = CheckMachines(baseline: a.environment, current: otherCPU.environment, anyMachine: false)
        let refusal = try #require(machines.refusal)
        #expect(refusal.exitStatus == .usage)
        #expect(refusal.localizedDescription.contains("Other CPU") && refusal.localizedDescription.contains("--any-machine"))
        #expect(CheckMachines(baseline: a.environment, current: otherCPU.environment, anyMachine: true).refusal == nil)
        var unnamed = a.environment
        unnamed.machineName = nil
        #expect(MachineIdentity(unnamed).name == unnamed.hostname, "runs stored before machine names count as their host name")
    }

    @Test("check JSON: any_machine and machines are always present — false and null when the caller gave no machines")
    func nullSafeJSON() throws {
        let report = try Fixture.report()
        var outcome = RegressionCheck.compare(baseline: report, current: report, metric: .p50, maxRegression: 0.05)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(try outcome.renderJSON().utf8)) as? [String: Any])
        #expect(object["any_machine"] as? Bool == false)
        #expect(object.keys.contains("machines") && object["machines"] is NSNull)
        outcome.machines = CheckMachines(baseline: report.environment, current: try onMachine("rig-b").environment, anyMachine: true)
        object = try #require(try JSONSerialization.jsonObject(with: Data(try outcome.renderJSON().utf8)) as? [String: Any])
        #expect(object["any_machine"] as? Bool == true)
        #expect(outcome.renderText().contains("machines: compared across machines (--any-machine)"))
        #expect(outcome.renderCSV().split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",rig-b,true") })
    }

    @Test("a configuration that did not run in the baseline is not 'missing from the current run'")
    func unavailableBaselineIsNotMissing() throws {
        let baseline = try Fixture.report()
        var current = baseline
        current.results.removeAll { !$0.available }
        let outcome = RegressionCheck.compare(baseline: baseline, current: current, metric: .p50, maxRegression: 0.05)
        #expect(outcome.missingFromCurrent.isEmpty)
        #expect(outcome.problem(allowMissing: false) == nil)
        #expect(outcome.notCompared.contains { $0.reason.hasPrefix("unavailable in the baseline") })
    }
}

private enum Fleet {
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
