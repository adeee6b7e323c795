// Measures what the public API costs per call over the raw LiteRT binding: the same model, the same
// settings, one compiled model each, calls interleaved in blocks so drift affects both alike.
// Usage: InvokeOverhead MODEL [ROUNDS]   (MODEL takes one float32 input; iris_lite.tflite is the intended one)
import EdgeBenchKit
import Foundation
import LiteRT

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: InvokeOverhead MODEL [ROUNDS]\n".utf8))
    exit(64)
}
let modelPath = arguments[1]
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
let block = 10

do {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    let runtimePath = ProcessInfo.processInfo.environment["EDGEBENCH_LITERT"] ?? home + "/.cache/edgebench/litert/2.3.0/libLiteRt.so"
    let library = try LiteRTLibrary.load(path: runtimePath)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: modelPath)))
    let raw = try CompiledModel(model: try Model(bytes: bytes, name: "raw", environment: try Environment(library: library)),
                                options: CompilationOptions(hardware: .cpu, threads: 1, kernels: .xnnpack))
    let api = try Interpreter(modelPath: modelPath, backend: .cpu(threads: 1, kernels: .xnnpack))
    let input = [Float](repeating: 0.5, count: api.inputs[0].elementCount)
    try input.withUnsafeBytes { try raw.inputs[0].write($0) }
    try api.copy(input)
    try raw.run()
    try api.invoke()

    let clock = ContinuousClock()
    func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
    // Invoke only, then a whole request (write input, run, read output as [Float]).
    var invokeRaw: [Int64] = [], invokeAPI: [Int64] = [], requestRaw: [Int64] = [], requestAPI: [Int64] = []
    for round in 0..<rounds {
        let apiFirst = round % 2 == 0
        for pass in 0..<2 {
            if (pass == 0) == apiFirst {
                for _ in 0..<block { let t = clock.now; try api.invoke(); invokeAPI.append(nanoseconds(clock.now - t)) }
                for _ in 0..<block {
                    let t = clock.now
                    try api.copy(input)
                    try api.invoke()
                    let out: [Float] = try api.output()
                    requestAPI.append(nanoseconds(clock.now - t))
                    precondition(!out.isEmpty)
                }
            } else {
                for _ in 0..<block { let t = clock.now; try raw.run(); invokeRaw.append(nanoseconds(clock.now - t)) }
                for _ in 0..<block {
                    let t = clock.now
                    try input.withUnsafeBytes { try raw.inputs[0].write($0) }
                    try raw.run()
                    let out = try raw.outputs[0].withBytes { Array($0.bindMemory(to: Float.self)) }
                    requestRaw.append(nanoseconds(clock.now - t))
                    precondition(!out.isEmpty)
                }
            }
        }
    }
    func summary(_ name: String, _ samples: [Int64]) {
        let sorted = samples.sorted()
        print("\(name): n=\(sorted.count) median=\(sorted[sorted.count / 2]) ns min=\(sorted[0]) ns p90=\(sorted[sorted.count * 9 / 10]) ns")
    }
    summary("invoke   raw CompiledModel.run()      ", invokeRaw)
    summary("invoke   EdgeBenchKit Interpreter     ", invokeAPI)
    summary("request  raw write+run+read           ", requestRaw)
    summary("request  EdgeBenchKit copy+invoke+output", requestAPI)
} catch {
    FileHandle.standardError.write(Data("InvokeOverhead: \(error.localizedDescription)\n".utf8))
    exit(1)
}
