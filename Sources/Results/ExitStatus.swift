/// The process exit codes edgebench uses: the table in the README (and the project's conventions).
///
/// `check` additionally exits 2 (significant regression) and 4 (significant improvement); those two
/// codes are verdicts only and no error ever uses them.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Success.
    case ok = 0
    /// The model failed while running (a runtime failure).
    case runtimeFailure = 1
    /// A model, image, labels, dataset, report or database file that is missing, unreadable, malformed or unsupported.
    case badInput = 3
    /// A wrong flag, a bad value or conflicting options (sysexits `EX_USAGE`, ArgumentParser's own code).
    case usage = 64
    /// Something needed is not available: the LiteRT runtime, an Edge TPU, a GPU adapter, a server (`EX_UNAVAILABLE`).
    case unavailable = 69
    /// An output could not be written: a result file, report or history database (`EX_IOERR`).
    case cannotWrite = 74
    /// Interrupted by SIGINT, after writing what was measured (128 + 2).
    case interrupted = 130
    /// Terminated by SIGTERM, after writing what was measured (128 + 15).
    case terminated = 143
}

/// An error that knows which exit code it deserves.
public protocol ExitStatusProviding: Error {
    var exitStatus: ExitStatus { get }
}
