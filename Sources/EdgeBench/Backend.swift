import LiteRT

/// Where a model runs.
public enum Backend: String, Sendable, CaseIterable, Codable {
    /// The desktop CPU through LiteRT (XNNPACK, built-in or reference kernels).
    case cpu
}

/// Everything that decides how a model is compiled and run.
public struct RunSettings: Sendable, Equatable {
    public var backend: Backend
    /// CPU threads; nil picks `defaultThreads(for:)`.
    public var threads: Int?
    public var kernels: CPUKernels

    public init(backend: Backend = .cpu, threads: Int? = nil, kernels: CPUKernels = .xnnpack) {
        self.backend = backend
        self.threads = threads
        self.kernels = kernels
    }

    /// The thread count actually requested from LiteRT.
    ///
    /// XNNPACK scales with cores, so it gets every core (up to 4); built-in and reference kernels
    /// get 1, because their multi-threading is often slower (about 3x at 2 threads on a 2-vCPU machine).
    public var effectiveThreads: Int {
        if let threads { return threads }
        return kernels == .xnnpack ? min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4) : 1
    }

    var compilationOptions: CompilationOptions {
        CompilationOptions(hardware: .cpu, threads: effectiveThreads, kernels: kernels)
    }
}

import Foundation
