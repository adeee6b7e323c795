import Foundation
import Results

extension BenchReport {
    /// One CSV row per configuration, for spreadsheets.
    public func renderCSV() -> String {
        let header = "label,model,model_sha256,backend,device,threads,kernels,available,init_ms,first_run_ms,min_ms,mean_ms,stddev_ms,p50_ms,p50_ci_low_ms,p50_ci_high_ms,p90_ms,p95_ms,p99_ms,max_ms,samples,cv,speedup,speedup_ci_low,speedup_ci_high,top1_agree,agreement_inputs,max_abs_diff,unavailable_reason,load_delta_bytes,compile_delta_bytes,first_run_delta_bytes,resident_after_first_run_bytes,peak_resident_bytes,parameter_bytes,peak_activation_bytes,profile_run_ms,profile_operators_ms,profile_outside_operators_ms"
        var lines = [header]
        for result in results {
            let latency = result.latencyMs
            func number(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "" }
            let fields: [String] = [
                result.label, result.model, result.modelSHA256 ?? "", result.backend, result.device ?? "", String(result.threads),
                result.kernels, String(result.available), number(result.initMs), number(result.firstRunMs),
                number(latency?.min), number(latency?.mean), number(latency?.stddev), number(latency?.p50),
                number(latency?.p50CI.first), number(latency?.p50CI.last), number(latency?.p90), number(latency?.p95),
                number(latency?.p99), number(latency?.max), String(result.samples), number(result.coefficientOfVariation),
                number(result.speedup?.median), number(result.speedup?.lower), number(result.speedup?.upper),
                result.agreement.map { String($0.top1Agree) } ?? "", result.agreement.map { String($0.inputs) } ?? "",
                number(result.agreement?.maxAbsDiff), result.unavailableReason ?? "",
            ] + Self.memoryAndProfileFields(result)
            lines.append(fields.map(CSVText.field).joined(separator: ","))
        }
        // Profiled operators follow as a second table after a blank line (benchmark_model's CSV does the same).
        return lines.joined(separator: "\n") + "\n" + renderProfileCSV()
    }

    static func memoryAndProfileFields(_ result: Result) -> [String] {
        func integer(_ value: Int?) -> String { value.map(String.init) ?? "" }
        func number(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "" }
        let memory = result.memory
        return [integer(memory?.loadDeltaBytes), integer(memory?.compileDeltaBytes), integer(memory?.firstRunDeltaBytes),
                integer(memory?.residentAfterFirstRunBytes), integer(memory?.peakResidentBytes), integer(memory?.parameterBytes),
                integer(memory?.peakActivationBytes), number(result.profile?.runMs), number(result.profile?.operatorsMs),
                number(result.profile?.outsideOperatorsMs)]
    }
}
