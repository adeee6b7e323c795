/// One native library inside the pinned wheel, as the installer extracts it.
public struct PinnedLibrary: Sendable, Equatable {
    /// The file name, both inside the wheel (under `ai_edge_litert/`) and in the cache folder.
    public var name: String
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String
    public var size: Int64
}

/// The one ai-edge-litert wheel edgebench accepts for a machine architecture, and the libraries inside it.
public struct PinnedWheel: Sendable, Equatable {
    /// `uname -m`.
    public var architecture: String
    /// The pip `--platform` tag that selects this wheel.
    public var platformTag: String
    /// The exact file name pip saves.
    public var fileName: String
    /// Lowercase hex SHA-256 of the wheel file.
    public var sha256: String
    public var size: Int64
    /// Every library the installer extracts; all of them are verified before anything loads one.
    public var libraries: [PinnedLibrary]
}

/// The SHA-256 pins of the LiteRT runtime: the only bytes `edgebench runtime install` installs, and the only
/// bytes edgebench loads from its cache.
///
/// How they were obtained (2026-12-01): `python3 -m pip download --no-deps ai-edge-litert==2.3.0
/// --only-binary=:all: --platform manylinux_2_27_<arch> --python-version 3.11 -d DIR` from PyPI for both
/// architectures, `sha256sum` of each wheel, cross-checked with the `hashes.sha256` and `size` that PyPI's simple
/// index publishes (`https://pypi.org/simple/ai-edge-litert/`, JSON form); then `unzip` of
/// `ai_edge_litert/libLiteRt.so` and `ai_edge_litert/libLiteRtWebGpuAccelerator.so` from each wheel and
/// `sha256sum` / `stat -c %s` of each. A new pinned version needs all of this redone.
public enum RuntimePins {
    public static let wheels: [PinnedWheel] = [
        PinnedWheel(
            architecture: "x86_64", platformTag: "manylinux_2_27_x86_64",
            fileName: "ai_edge_litert-2.3.0-cp311-cp311-manylinux_2_27_x86_64.whl",
            sha256: "1f15078a6725d2357d9de9221664c29afa0545d807559c5f7199ce5e40b96b23", size: 21_778_233,
            libraries: [
                PinnedLibrary(name: "libLiteRt.so",
                              sha256: "eec47eb35e2924b3166015887e652a58edc9af823ae38e02bf83bef2548300bb", size: 8_039_424),
                PinnedLibrary(name: "libLiteRtWebGpuAccelerator.so",
                              sha256: "b67f193ae6eb8ad3a15349f54aba696c97d6f981c92bc2eb1096cbe9e2835b25", size: 18_942_000),
            ]),
        PinnedWheel(
            architecture: "aarch64", platformTag: "manylinux_2_27_aarch64",
            fileName: "ai_edge_litert-2.3.0-cp311-cp311-manylinux_2_27_aarch64.whl",
            sha256: "853fc608f96da87bd5f3458465dfb9abbf18d5ae6b94eceacead407146f175ae", size: 14_379_387,
            libraries: [
                PinnedLibrary(name: "libLiteRt.so",
                              sha256: "b57687dc234d2b8b0598aef5a9c961ed24263df8f8b3f56adbee1cff618e544b", size: 5_991_672),
                PinnedLibrary(name: "libLiteRtWebGpuAccelerator.so",
                              sha256: "5f271fa4a36f9dd8d1f8514971b2e80f46bd92b1066509cdd9c0716723d6091a", size: 17_183_392),
            ]),
    ]

    /// The pinned wheel for a machine architecture (`uname -m`), or nil where ai-edge-litert has none.
    public static func wheel(forArchitecture architecture: String) -> PinnedWheel? {
        wheels.first { $0.architecture == architecture }
    }
}
