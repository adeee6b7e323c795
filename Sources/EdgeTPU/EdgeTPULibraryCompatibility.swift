/// Whether a libedgetpu build can run under LiteRT 2.3.0, and how.
///
/// libedgetpu hands LiteRT its kernel by passing a `TfLiteRegistration` **by value** to
/// `context->ReplaceNodeSubsetsWithDelegateKernels`. The struct's size is fixed by the TensorFlow release the library
/// was built on: 64 bytes up to the TF 2.5 era, 88 bytes in LiteRT 2.3.0. A 64-byte caller under LiteRT makes the
/// runtime read 24 bytes of the caller's stack (observed: garbage and segfaults). The shim in CEdgeTPU takes the
/// 64-byte struct and forwards a zero-extended 88-byte one; see shared/notes/edgetpu-on-litert.md.
///
/// The build is identified by the `TENSORFLOW_COMMIT=` string in the file and checked against the
/// `RuntimeVersion(N)` that `edgetpu_version()` reports. Builds not in the table are refused unless forced:
/// a forced run uses the shim too, which never reads past the 64 bytes every TensorFlow release passes first —
/// the risk is in the layouts of the other structs, which edgebench has checked only for the builds listed here.
public struct EdgeTPULibraryCompatibility: Hashable, Sendable {
    /// A libedgetpu build whose ABI has been checked.
    public struct KnownBuild: Hashable, Sendable {
        public var tensorflowCommit: String
        /// What it is, in words.
        public var name: String
        /// `RuntimeVersion(N)` values this build reports.
        public var runtimeVersions: Set<Int>
        /// sizeof(TfLiteRegistration) in the TensorFlow it was built on.
        public var registrationBytes: Int
    }

    /// sizeof(TfLiteRegistration) in LiteRT 2.3.0.
    public static let liteRTRegistrationBytes = 88

    /// Builds from Coral's own libedgetpu history (its workspace.bzl), all on TensorFlow Lite's 64-byte registration.
    public static let knownBuilds: [KnownBuild] = [
        KnownBuild(tensorflowCommit: "a4dfb8d1a71385bd6d122e4f27f86dcebb96712d",
                   name: "libedgetpu 16.0 \"Grouper\" (TensorFlow 2.5)", runtimeVersions: [14], registrationBytes: 64),
        KnownBuild(tensorflowCommit: "855c4c0ee34257b98ce2d01121940efb5423a059",
                   name: "libedgetpu pre-16.0 (TensorFlow 2.5 development)", runtimeVersions: [13, 14], registrationBytes: 64),
        KnownBuild(tensorflowCommit: "f394a768719a55b5c351ed1ecab2ec6f16f99dd4",
                   name: "libedgetpu 15.0 \"Frogfish\" (TensorFlow 2.4 development)", runtimeVersions: [13], registrationBytes: 64),
    ]

    /// Whether each delegate's Prepare is wrapped in the TF 2.5 → LiteRT registration shim.
    public let appliesShim: Bool
    /// The build the library was recognised as; nil when it was run by force.
    public let knownBuild: KnownBuild?
    /// True when the library could not be classified and `force` was set.
    public let forced: Bool

    /// Classifies a library from what its file and `edgetpu_version()` say.
    /// - Parameters:
    ///   - info: The library's runtime information (its version, RuntimeVersion and TensorFlow commit).
    ///   - force: Accept a library that cannot be classified, with the shim.
    /// - Throws: `EdgeTPUError.unclassifiedRuntime` explaining what was not recognised, unless `force` is set.
    public static func classify(_ info: EdgeTPURuntimeInfo, force: Bool) throws -> EdgeTPULibraryCompatibility {
        let reason: String
        if let commit = info.tensorflowCommit, let build = knownBuilds.first(where: { $0.tensorflowCommit == commit }) {
            if let runtime = info.runtimeVersion, build.runtimeVersions.contains(runtime) {
                return EdgeTPULibraryCompatibility(appliesShim: build.registrationBytes != liteRTRegistrationBytes, knownBuild: build, forced: false)
            }
            let expected = build.runtimeVersions.sorted().map(String.init).joined(separator: " or ")
            reason = "its TensorFlow commit is that of \(build.name), but it reports RuntimeVersion \(info.runtimeVersion.map(String.init) ?? "(none)") instead of \(expected)"
        } else if info.tensorflowCommit == nil {
            reason = "the file carries no TENSORFLOW_COMMIT string, so the TensorFlow release it was built on is unknown"
        } else {
            reason = "it was built on a TensorFlow commit whose struct layouts edgebench has not checked"
        }
        guard force else {
            throw EdgeTPUError.unclassifiedRuntime(library: info.library, version: info.version,
                                                   tensorflowCommit: info.tensorflowCommit, reason: reason)
        }
        return EdgeTPULibraryCompatibility(appliesShim: true, knownBuild: nil, forced: true)
    }
}
