import FixtureSupport
@testable import LiteRT
import Testing

/// Each C function's name is written once, at its lookup; failures name the function from the table.
@Suite("The LiteRT symbol table", .enabled(if: Fixtures.runtimeAvailable, Comment(rawValue: skipMessage)))
struct SymbolTableTests {
    @Test("a function of the table is named by its C name")
    func namesComeFromTheLookup() throws {
        let library = try Fixtures.library()
        #expect(library.name(of: library.runCompiledModel) == "LiteRtRunCompiledModel")
        #expect(library.name(of: library.createEnvironment) == "LiteRtCreateEnvironment")
        #expect(library.name(of: library.getRequirementsBufferSize) == "LiteRtGetTensorBufferRequirementsBufferSize")
        #expect(library.name(of: library.getProfilerEvents) == "LiteRtGetProfilerEvents")
    }

    @Test("a failed call's error names the C function that failed")
    func failureNamesTheFunction() throws {
        let library = try Fixtures.library()
        let error = try #require(throws: LiteRTError.self) {
            try library.check(LiteRTStatus.invalidArgument.rawValue, from: library.lockTensorBuffer, "lock a buffer")
        }
        #expect(error == .callFailed(function: "LiteRtLockTensorBuffer", status: .invalidArgument, context: "lock a buffer", log: ""))
        #expect(throws: Never.self) { try library.check(LiteRTStatus.ok.rawValue, from: library.lockTensorBuffer, "lock a buffer") }
    }
}
