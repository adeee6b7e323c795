import ModelFormat
import Results

/// What the Edge TPU part of a model costs, in the units the latency model charges for.
public struct EdgeTPUWorkload: Sendable, Equatable, Codable {
    /// Mapped weighted layers (convolution, depthwise, fully connected).
    public var layers: Int
    /// MACs of mapped convolutions and fully connected layers (run near the array's rate).
    public var convolutionMACs: Int
    /// MACs of mapped depthwise convolutions (run far below it).
    public var depthwiseMACs: Int
    /// Parameter bytes streamed over the link every inference.
    public var streamedParameterBytes: Int
    /// Bytes of the model's inputs and outputs, which cross the link every inference.
    public var inputOutputBytes: Int
    /// Operators left on the CPU.
    public var cpuOperators: [String]

    enum CodingKeys: String, CodingKey {
        case layers
        case convolutionMACs = "convolution_macs"
        case depthwiseMACs = "depthwise_macs"
        case streamedParameterBytes = "streamed_parameter_bytes"
        case inputOutputBytes = "input_output_bytes"
        case cpuOperators = "cpu_operators"
    }

    public init(layers: Int, convolutionMACs: Int, depthwiseMACs: Int, streamedParameterBytes: Int,
                inputOutputBytes: Int, cpuOperators: [String]) {
        self.layers = layers
        self.convolutionMACs = convolutionMACs
        self.depthwiseMACs = depthwiseMACs
        self.streamedParameterBytes = streamedParameterBytes
        self.inputOutputBytes = inputOutputBytes
        self.cpuOperators = cpuOperators
    }

    /// The workload of an uncompiled model's predicted Edge TPU part.
    public init(model: TFLiteModel, prediction: EdgeTPUPlacementPrediction) {
        var layers = 0, conv = 0, depthwise = 0
        for op in prediction.operators where op.placement == .edgetpu {
            switch op.operatorClass {
            case .convolution, .fullyConnected: layers += 1; conv += op.macs
            case .depthwise: layers += 1; depthwise += op.macs
            case .elementwise: break
            }
        }
        self.init(layers: layers, convolutionMACs: conv, depthwiseMACs: depthwise,
                  streamedParameterBytes: prediction.streamedParameterBytes,
                  inputOutputBytes: Self.boundaryBytes(model: model, prediction: prediction),
                  cpuOperators: prediction.cpuOperators.map(\.opcode))
    }

    /// Bytes of the activations that cross the link: inputs of the Edge TPU part that come from the host (graph
    /// inputs or CPU operators) and its outputs that the host reads (graph outputs or inputs of CPU operators).
    static func boundaryBytes(model: TFLiteModel, prediction: EdgeTPUPlacementPrediction) -> Int {
        let graph = model.mainSubgraph
        let onEdgeTPU = Set(prediction.operators.filter { $0.placement == .edgetpu }.map(\.index))
        var producedOnEdgeTPU = Set<Int>(), crossing = Set<Int>()
        for op in graph.operators where onEdgeTPU.contains(op.index) {
            for output in op.outputs where output >= 0 { producedOnEdgeTPU.insert(output) }
        }
        for op in graph.operators {
            for input in op.inputs where input >= 0 && !graph.tensors[input].isConstant {
                // Into the Edge TPU part from the host, or out of it to a CPU operator.
                if onEdgeTPU.contains(op.index) != producedOnEdgeTPU.contains(input) { crossing.insert(input) }
            }
        }
        for output in graph.outputs where producedOnEdgeTPU.contains(output) { crossing.insert(output) }
        return crossing.reduce(0) { $0 + (graph.tensors[$1].byteCount ?? 0) }
    }

    /// The model's features in the order of `EdgeTPULatencyParameters.values`.
    var features: [Double] {
        [Double(layers), Double(convolutionMACs) / 1e9, Double(depthwiseMACs) / 1e9,
         Double(streamedParameterBytes + inputOutputBytes) / 1e6, 1]
    }
}

/// The few parameters of the latency model (max clock), each with a physical meaning.
public struct EdgeTPULatencyParameters: Sendable, Equatable, Codable {
    /// Fixed cost per mapped weighted layer (instruction issue, pipeline fill), ms.
    public var millisecondsPerLayer: Double
    /// Convolution and fully connected compute, ms per 10⁹ MACs.
    public var millisecondsPerConvolutionGMAC: Double
    /// Depthwise convolution compute, ms per 10⁹ MACs.
    public var millisecondsPerDepthwiseGMAC: Double
    /// Link transfer, ms per 10⁶ bytes (the inverse of the effective bandwidth).
    public var millisecondsPerMegabyte: Double
    /// Fixed cost per invoke (driver, USB/PCIe round trips), ms.
    public var millisecondsPerInvoke: Double

    enum CodingKeys: String, CodingKey {
        case millisecondsPerLayer = "ms_per_layer"
        case millisecondsPerConvolutionGMAC = "ms_per_convolution_gmac"
        case millisecondsPerDepthwiseGMAC = "ms_per_depthwise_gmac"
        case millisecondsPerMegabyte = "ms_per_megabyte"
        case millisecondsPerInvoke = "ms_per_invoke"
    }

    public init(millisecondsPerLayer: Double, millisecondsPerConvolutionGMAC: Double,
                millisecondsPerDepthwiseGMAC: Double, millisecondsPerMegabyte: Double, millisecondsPerInvoke: Double) {
        self.millisecondsPerLayer = millisecondsPerLayer
        self.millisecondsPerConvolutionGMAC = millisecondsPerConvolutionGMAC
        self.millisecondsPerDepthwiseGMAC = millisecondsPerDepthwiseGMAC
        self.millisecondsPerMegabyte = millisecondsPerMegabyte
        self.millisecondsPerInvoke = millisecondsPerInvoke
    }

    init(values v: [Double]) {
        self.init(millisecondsPerLayer: v[0], millisecondsPerConvolutionGMAC: v[1], millisecondsPerDepthwiseGMAC: v[2],
                  millisecondsPerMegabyte: v[3], millisecondsPerInvoke: v[4])
    }

    /// The parameters in the order of the workload's features (layers, conv GMAC, depthwise GMAC, MB, invoke).
    public var values: [Double] {
        [millisecondsPerLayer, millisecondsPerConvolutionGMAC, millisecondsPerDepthwiseGMAC, millisecondsPerMegabyte,
         millisecondsPerInvoke]
    }

    /// The physics before calibration: the 64×64 array at 500 MHz is 2.048·10¹² MAC/s; convolutions are assumed
    /// to reach half of it, depthwise convolutions a tenth; 20 µs per layer, 0.3 ms per invoke, and the link's
    /// physical bandwidth.
    public static func prior(link: EdgeTPULink) -> EdgeTPULatencyParameters {
        let peakGMACPerMillisecond = 4096 * EdgeTPUClock.max.megahertz * 1e6 / 1e9 / 1e3
        return EdgeTPULatencyParameters(
            millisecondsPerLayer: 0.02, millisecondsPerConvolutionGMAC: 1 / (peakGMACPerMillisecond * 0.5),
            millisecondsPerDepthwiseGMAC: 1 / (peakGMACPerMillisecond * 0.1),
            millisecondsPerMegabyte: 1000 / link.physicalMegabytesPerSecond, millisecondsPerInvoke: 0.3)
    }
}

/// One published latency with the workload of an equivalent model.
public struct EdgeTPUCalibrationRow: Sendable, Equatable {
    public var architecture: String
    public var workload: EdgeTPUWorkload
    public var milliseconds: Double

    public init(architecture: String, workload: EdgeTPUWorkload, milliseconds: Double) {
        self.architecture = architecture
        self.workload = workload
        self.milliseconds = milliseconds
    }
}

/// The fit: relative least squares on the rows, pulled toward the physical prior so that a left-out row (and the
/// link, which only the bus-bound ResNet50 row informs) never leaves a parameter undetermined.
public enum EdgeTPULatencyCalibration {
    /// How strongly the prior holds (relative deviation of a parameter costs as much as `priorWeight` relative
    /// error on a row).
    public static let priorWeight = 0.3

    public static func fit(_ rows: [EdgeTPUCalibrationRow], prior: EdgeTPULatencyParameters) -> EdgeTPULatencyParameters {
        let p = prior.values
        var a: [[Double]] = [], b: [Double] = []
        for row in rows where row.milliseconds > 0 {
            a.append(row.workload.features.map { $0 / row.milliseconds }); b.append(1)
        }
        for k in p.indices {
            var r = [Double](repeating: 0, count: p.count)
            r[k] = priorWeight / p[k]
            a.append(r); b.append(priorWeight)
        }
        return EdgeTPULatencyParameters(values: solveLeastSquares(a, b) ?? p)
    }

    /// Relative error of each row when the model is fitted on all the others.
    public static func leaveOneOutErrors(_ rows: [EdgeTPUCalibrationRow], prior: EdgeTPULatencyParameters) -> [Double] {
        rows.indices.map { i in
            var others = rows
            others.remove(at: i)
            let fitted = fit(others, prior: prior)
            return (EdgeTPULatencyModel.edgeTPUMilliseconds(rows[i].workload, fitted) - rows[i].milliseconds) / rows[i].milliseconds
        }
    }

    /// Normal equations with partial pivoting; nil when singular.
    static func solveLeastSquares(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        guard let n = a.first?.count else { return nil }
        var m = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
        for (row, y) in zip(a, b) {
            for i in 0 ..< n {
                for j in 0 ..< n { m[i][j] += row[i] * row[j] }
                m[i][n] += row[i] * y
            }
        }
        for col in 0 ..< n {
            guard let pivot = (col ..< n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[pivot][col]) > 1e-12 else { return nil }
            m.swapAt(col, pivot)
            for r in 0 ..< n where r != col {
                let f = m[r][col] / m[col][col]
                for c in col ... n { m[r][c] -= f * m[col][c] }
            }
        }
        return (0 ..< n).map { m[$0][n] / m[$0][$0] }
    }
}

/// The latency model: per-invoke cost + per-layer cost + compute per operator class + link transfer of streamed
/// parameters and the input/output tensors. Parameters fitted on Coral's published table (see the README).
public struct EdgeTPULatencyModel: Sendable, Equatable {
    public var usb: EdgeTPULatencyParameters
    public var pcie: EdgeTPULatencyParameters
    /// Largest leave-one-out relative error on the calibration rows, per calibrated link.
    public var usbError: Double
    public var pcieError: Double

    public init(usb: EdgeTPULatencyParameters, pcie: EdgeTPULatencyParameters, usbError: Double, pcieError: Double) {
        self.usb = usb
        self.pcie = pcie
        self.usbError = usbError
        self.pcieError = pcieError
    }

    /// The committed calibration (reproduced by `EdgeTPULatencyModelTests` from the shared calibration files).
    public static let calibrated = EdgeTPULatencyModel(
        usb: EdgeTPULatencyParameters(millisecondsPerLayer: 0.02573, millisecondsPerConvolutionGMAC: 1.0980,
                                      millisecondsPerDepthwiseGMAC: 5.408, millisecondsPerMegabyte: 2.0941,
                                      millisecondsPerInvoke: 0.3538),
        pcie: EdgeTPULatencyParameters(millisecondsPerLayer: 0.02615, millisecondsPerConvolutionGMAC: 1.2996,
                                       millisecondsPerDepthwiseGMAC: 5.152, millisecondsPerMegabyte: 2.3558,
                                       millisecondsPerInvoke: 0.3404),
        // Largest leave-one-out error, rounded up: USB 36.9% (ResNet50, the only bus-bound row), Dev Board 19.5%.
        usbError: 0.40, pcieError: 0.20)

    static func edgeTPUMilliseconds(_ w: EdgeTPUWorkload, _ p: EdgeTPULatencyParameters) -> Double {
        zip(w.features, p.values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Estimates one inference of `workload`'s Edge TPU part.
    ///
    /// USB 3 and PCIe at the max clock are calibrated; the std clock doubles the clock-bound terms (per-layer and
    /// compute), USB 2 replaces the link term with USB 2's physical bandwidth. Those figures are "uncalibrated":
    /// their range adds 25% to the calibrated error on each side.
    public func estimate(_ workload: EdgeTPUWorkload, clock: EdgeTPUClock, link: EdgeTPULink) -> EdgeTPULatencyEstimate {
        var p = link == .pcie ? pcie : usb
        var error = link == .pcie ? pcieError : usbError
        var calibrated = true
        if link == .usb2 {
            p.millisecondsPerMegabyte = 1000 / EdgeTPULink.usb2.physicalMegabytesPerSecond
            calibrated = false
        }
        if clock == .std {
            let slowdown = EdgeTPUClock.max.megahertz / EdgeTPUClock.std.megahertz
            p.millisecondsPerLayer *= slowdown
            p.millisecondsPerConvolutionGMAC *= slowdown
            p.millisecondsPerDepthwiseGMAC *= slowdown
            calibrated = false
        }
        if !calibrated { error += 0.25 }
        let f = workload.features
        let breakdown = EdgeTPULatencyEstimate.Breakdown(
            invokeMilliseconds: p.millisecondsPerInvoke, layerMilliseconds: f[0] * p.millisecondsPerLayer,
            computeMilliseconds: f[1] * p.millisecondsPerConvolutionGMAC + f[2] * p.millisecondsPerDepthwiseGMAC,
            transferMilliseconds: f[3] * p.millisecondsPerMegabyte)
        let total = Self.edgeTPUMilliseconds(workload, p)
        let bound: EdgeTPULatencyEstimate.Bound
        if breakdown.transferMilliseconds >= max(breakdown.computeMilliseconds, breakdown.invokeMilliseconds + breakdown.layerMilliseconds) {
            bound = .bus
        } else if breakdown.computeMilliseconds >= breakdown.invokeMilliseconds + breakdown.layerMilliseconds {
            bound = .compute
        } else {
            bound = .fixedCosts
        }
        return EdgeTPULatencyEstimate(
            clock: clock, link: link, milliseconds: total, lowMilliseconds: total / (1 + error),
            highMilliseconds: total * (1 + error), calibrated: calibrated, breakdown: breakdown,
            bound: bound,
            cpuOperatorsNotTimed: workload.cpuOperators)
    }
}
