import Foundation

/// A test-only pause inside the transaction that stores a run, for kill-mid-store tests: with
/// `EDGEBENCH_TEST_PAUSE_IN_STORE=FILE` in the environment, a process storing a run creates FILE right after the
/// first result row is inserted (the run row and that row written, the rest not, nothing committed) and waits there
/// until it is killed (at most `maximumPause`, then it exits without committing).
///
/// Not a user setting: it exists so that a test can SIGKILL a real edgebench process at a known point of the
/// transaction instead of guessing a moment. Both history backends call it.
public enum StoreTestHook {
    public static let variable = "EDGEBENCH_TEST_PAUSE_IN_STORE"
    /// How long a paused process waits for its killer before giving up (exit 75, nothing committed).
    public static let maximumPause: TimeInterval = 300

    /// Pauses when the variable is set and `position` is the first result.
    public static func pauseIfRequested(afterResult position: Int, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard position == 0, let marker = environment[variable], !marker.isEmpty else { return }
        FileManager.default.createFile(atPath: marker, contents: Data("paused in the store transaction\n".utf8))
        let deadline = Date().addingTimeInterval(maximumPause)
        while Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        // Never commit after a pause: the test that asked for it expected to kill this process.
        exit(75)
    }
}
