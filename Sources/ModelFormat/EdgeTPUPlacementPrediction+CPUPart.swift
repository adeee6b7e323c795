extension TFLiteModel {
    /// A model of only the operators predicted to stay on the CPU, so that they can be timed on this host.
    ///
    /// Tensor indices are kept (unused ones stay in the table); the CPU part's inputs are the non-constant tensors
    /// it reads but does not produce (graph inputs, or Edge TPU outputs), its outputs those it produces that the
    /// Edge TPU part or the graph's outputs read (the last CPU operator's outputs when none is).
    /// - Returns: The serialized model, or nil when nothing stays on the CPU.
    /// - Throws: `ModelWriterError` when an operator's options cannot be copied (the caller reports "not timed").
    public func cpuPartModel(_ prediction: EdgeTPUPlacementPrediction) throws -> [UInt8]? {
        let graph = mainSubgraph
        let cpu = Set(prediction.cpuOperators.map(\.index))
        guard !cpu.isEmpty else { return nil }
        var producedOnCPU = Set<Int>(), readByCPU = Set<Int>(), readByEdgeTPU = Set<Int>()
        for op in graph.operators {
            if cpu.contains(op.index) {
                op.outputs.filter { $0 >= 0 }.forEach { producedOnCPU.insert($0) }
                op.inputs.filter { $0 >= 0 }.forEach { readByCPU.insert($0) }
            } else {
                op.inputs.filter { $0 >= 0 }.forEach { readByEdgeTPU.insert($0) }
            }
        }
        let inputs = readByCPU.filter { !producedOnCPU.contains($0) && !graph.tensors[$0].isConstant }.sorted()
        var outputs = producedOnCPU.filter { readByEdgeTPU.contains($0) || graph.outputs.contains($0) }.sorted()
        if outputs.isEmpty, let last = graph.operators.last(where: { cpu.contains($0.index) }) {
            outputs = last.outputs.filter { $0 >= 0 }
        }
        var out = TFLiteWriter.Model(description: "edgebench: CPU operators of \(description ?? "a model")")
        out.preferredOperatorCodes = operatorCodes.map {
            TFLiteWriter.OperatorCodeEntry($0.builtinCode, customCode: $0.customCode, version: $0.version)
        }
        out.buffers = buffers.map { Array(data(of: $0)) }
        if out.buffers.isEmpty { out.buffers = [[]] }
        let tensors = graph.tensors.map {
            TFLiteWriter.Tensor(name: $0.name, type: $0.type, shape: $0.shape, buffer: $0.isConstant ? $0.buffer : 0,
                                quantization: $0.quantization, shapeSignature: $0.shapeSignature, isVariable: $0.isVariable)
        }
        var operators: [TFLiteWriter.Operator] = []
        for op in graph.operators where cpu.contains(op.index) {
            guard let code = operatorCode(for: op) else { continue }
            operators.append(TFLiteWriter.Operator(
                code.builtinCode, version: code.version, inputs: op.inputs, outputs: op.outputs,
                options: try builtinOptions(of: op), customCode: code.customCode,
                customOptions: customOptions(of: op).map(Array.init)))
        }
        out.subgraphs = [TFLiteWriter.Subgraph(name: graph.name, tensors: tensors, inputs: inputs, outputs: outputs,
                                               operators: operators)]
        return try TFLiteWriter.serialize(out)
    }
}
