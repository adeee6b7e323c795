import Crypto
import Foundation
import Results

extension MachineFingerprint {
    /// A stable hash of what decides whether two results are comparable: CPU model, logical cores, kernel, OS
    /// and LiteRT version (not the hostname, governor, or edgebench/Swift versions).
    ///
    /// SHA-256, as lowercase hex, of the UTF-8 text `edgebench.env/1` followed by the five fields, each on its
    /// own line (a missing LiteRT version is the empty string). Changing this text changes every stored key,
    /// so the version prefix must be bumped with it.
    public var stableHash: String {
        let text = ["edgebench.env/1", cpuModel, String(logicalCores), kernel, os, litertVersion ?? ""].joined(separator: "\n")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
