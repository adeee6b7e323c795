import EdgeBench
import Results
import Testing

@Suite("When no configuration can run, the exit status comes from the reasons")
struct UnrunnableConfigurationTests {
    private func reasons(_ statuses: [Results.ExitStatus]) -> [UnrunnableConfiguration] {
        statuses.enumerated().map { UnrunnableConfiguration(label: "c\($0.offset)", reason: "r", status: $0.element) }
    }

    @Test("one kind of reason gives its own status", arguments: [Results.ExitStatus.badInput, .runtimeFailure, .unavailable])
    func single(_ status: Results.ExitStatus) {
        #expect(EdgeBenchError.nothingToMeasure(reasons: reasons([status, status])).exitStatus == status)
    }

    @Test("mixed reasons: bad input, then runtime failure, then unavailable")
    func precedence() {
        #expect(EdgeBenchError.nothingToMeasure(reasons: reasons([.unavailable, .badInput, .runtimeFailure])).exitStatus == .badInput)
        #expect(EdgeBenchError.nothingToMeasure(reasons: reasons([.unavailable, .runtimeFailure])).exitStatus == .runtimeFailure)
        #expect(EdgeBenchError.nothingToMeasure(reasons: reasons([.unavailable])).exitStatus == .unavailable)
    }

    @Test("the message lists every configuration with its reason")
    func message() {
        let error = EdgeBenchError.nothingToMeasure(reasons: reasons([.badInput, .unavailable]))
        #expect(error.localizedDescription.contains("c0: r") && error.localizedDescription.contains("c1: r"))
    }
}
