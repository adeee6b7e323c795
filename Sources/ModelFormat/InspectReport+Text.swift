import Foundation

extension InspectReport {
    /// Encodes the report as JSON (non-finite floats become the strings "inf", "-inf", "nan").
    /// - Parameter prettyPrinted: Indent the output and sort keys.
    /// - Throws: `EncodingError` (not expected for reports built by `init(model:)`).
    public func jsonData(prettyPrinted: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        if prettyPrinted { encoder.outputFormatting = [.prettyPrinted, .sortedKeys] }
        return try encoder.encode(self)
    }

    /// A readable terminal summary: inputs and outputs, operator histogram, MACs and parameters,
    /// metadata, and Edge TPU placement (compiled models) or compatibility (others).
    /// - Parameter showOps: Append a per-operator table (index, opcode, MACs, parameter bytes).
    /// - Returns: Lines separated by newlines, ending with one.
    public func renderText(showOps: Bool) -> String {
        var out: [String] = []
        if let description, !description.isEmpty { out.append("Description: \(description)") }
        out.append("Inputs:")
        out += inputs.enumerated().map { "  [\($0.offset)] " + Self.describe($0.element) }
        out.append("Outputs:")
        out += outputs.enumerated().map { "  [\($0.offset)] " + Self.describe($0.element) }

        out.append("Operators: \(operators.count)")
        let width = opHistogram.map(\.opcode.count).max() ?? 0
        for entry in opHistogram {
            out.append("  " + Self.pad(entry.opcode, width) + "  \(entry.count)")
        }
        out.append("Compute: \(Self.millions(macsTotal)) M MACs, \(Self.millions(parameterCountTotal)) M parameters "
                   + "(\(Self.bytes(parameterBytesTotal))), peak activations \(Self.bytes(peakActivationBytes))")
        if let customOperators, !customOperators.isEmpty {
            out.append("Custom operators: " + customOperators.map { "\($0.countedName) (\($0.owner?.rawValue ?? "owner unknown"))" }
                .joined(separator: ", "))
        }

        if let m = metadata {
            var line = "Metadata: " + ([m.name, m.version.map { "v\($0)" }].compactMap { $0 }.joined(separator: " "))
            if let author = m.author, !author.isEmpty { line += ", by \(author)" }
            if let license = m.license, !license.isEmpty { line += ", license \(license)" }
            out.append(line)
            if let d = m.description, !d.isEmpty { out.append("  \(d)") }
            if let n = m.inputNormalization { out.append("  input normalization: mean \(n.mean) std \(n.std)") }
            if let count = m.labelCount { out.append("  embedded labels: \(count)") }
            for f in m.associatedFiles { out.append("  file \(f.name) (\(f.type))") }
        } else {
            out.append("Metadata: none")
        }

        if let e = edgetpu {
            out.append("Edge TPU: \(e.subgraphs) subgraph\(e.subgraphs == 1 ? "" : "s"), "
                       + "\(Self.bytes(e.cachedParameterBytes)) parameters cached on chip, "
                       + "\(Self.bytes(e.streamedParameterBytes)) streamed per inference")
            out.append("  CPU ops: " + (e.cpuOps.isEmpty ? "none" : e.cpuOps.joined(separator: ", ")))
            out.append("  caching token \(e.cachingToken), compiler \(e.compilerVersion ?? "unknown"), "
                       + "min runtime \(e.minRuntimeVersion.map(String.init) ?? "unknown")")
        } else if let error = edgetpuError {
            out.append("Edge TPU: package unreadable: \(error)")
        } else if let p = edgetpuPrediction {
            out += Self.predictionLines(p)
        }

        if showOps {
            let opWidth = max(6, operators.map(\.opcode.count).max() ?? 0)
            out.append("")
            out.append(Self.pad("#", 5, right: true) + "  " + Self.pad("opcode", opWidth) + "  "
                       + Self.pad("MACs", 14, right: true) + "  " + Self.pad("param bytes", 12, right: true))
            for row in operators {
                out.append(Self.pad("\(row.index)", 5, right: true) + "  " + Self.pad(row.opcode, opWidth) + "  "
                           + Self.pad("\(row.macs)", 14, right: true) + "  " + Self.pad("\(row.parameterBytes)", 12, right: true))
            }
        }
        // Names, metadata and paths come from the file: no line may carry a raw control character.
        return out.map { TerminalText.escape($0) }.joined(separator: "\n") + "\n"
    }

    /// The predicted compiler placement: counts, bytes, and each CPU operator with its reason.
    static func predictionLines(_ p: EdgeTPUPlacementPrediction) -> [String] {
        if let reason = p.nothingMapsReason {
            return ["Edge TPU (predicted): nothing maps: \(reason)"]
        }
        var lines = ["Edge TPU (predicted): \(p.mappedOperatorCount) of \(p.operators.count) operators map to "
                     + "\(p.subgraphs) subgraph\(p.subgraphs == 1 ? "" : "s"), \(p.cpuOperators.count) stay on the CPU; "
                     + "\(bytes(p.cachedParameterBytes)) parameters cached on chip, "
                     + "\(bytes(p.streamedParameterBytes)) streamed per inference"]
        for op in p.cpuOperators {
            lines.append("  CPU: #\(op.index) \(op.opcode): \(op.reason ?? "unknown")")
        }
        return lines
    }

    private static func describe(_ t: TensorSummary) -> String {
        var s = "\(t.name.isEmpty ? "(unnamed)" : t.name)  \(t.type) \(t.shape)"
        if let q = t.quantization { s += "  scale \(q.scale) zero point \(q.zeroPoint)" }
        return s
    }

    private static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }

    private static func millions(_ value: Int) -> String {
        String(format: "%.2f", Double(value) / 1_000_000)
    }

    private static func bytes(_ value: Int) -> String {
        if value < 1024 { return "\(value) B" }
        if value < 1 << 20 { return String(format: "%.1f KiB", Double(value) / 1024) }
        return String(format: "%.2f MiB", Double(value) / Double(1 << 20))
    }
}
