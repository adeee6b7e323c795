/// The process exit codes edgebench uses, documented in the README.
public enum ExitStatus: Int32, Sendable {
    /// Success.
    case ok = 0
    /// The runtime failed while loading, compiling or running a model.
    case runtimeFailure = 1
    /// A wrong flag or argument.
    case usage = 2
    /// A model, image, labels or data file that cannot be used.
    case badInput = 3
    /// A runtime library or device that is not available.
    case unavailable = 4
}

/// An error that knows which exit code it deserves.
public protocol ExitStatusProviding: Error {
    var exitStatus: ExitStatus { get }
}
