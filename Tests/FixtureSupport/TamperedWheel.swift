import Foundation

/// A substituted ai-edge-litert wheel for the installer's tests: named exactly like the pinned wheel, holding a
/// `libLiteRt.so` (and GPU accelerator) compiled here whose constructor writes a marker file when anything loads it.
public enum TamperedWheel {
    /// True when `cc` and `python3` (to zip the wheel) are on PATH.
    public static let toolsAvailable: Bool = commandSucceeds(["cc", "--version"]) && commandSucceeds(["python3", "--version"])
    /// True when `python3 -m pip` runs.
    public static let pipAvailable: Bool = commandSucceeds(["python3", "-m", "pip", "--version"])
    public static let skipMessage = "needs cc and python3 to build a substituted wheel"

    /// Builds the wheel in `directory`.
    /// - Parameters:
    ///   - fileName: The wheel's file name (the pinned one for this machine).
    ///   - marker: The file the library's constructor creates when it is loaded.
    /// - Returns: The wheel's path.
    public static func make(named fileName: String, in directory: String, marker: String) throws -> String {
        let build = directory + "/tampered-build"
        let package = build + "/ai_edge_litert"
        try FileManager.default.createDirectory(atPath: package, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: build + "/ai_edge_litert-2.3.0.dist-info", withIntermediateDirectories: true)
        let escapedMarker = marker.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let source = """
            #include <stdio.h>
            // Runs as soon as the library is loaded: exactly what an unverified dlopen lets a substituted wheel do.
            __attribute__((constructor)) static void tampered_constructor(void) {
                FILE *file = fopen("\(escapedMarker)", "w");
                if (file) { fputs("constructor ran\\n", file); fclose(file); }
            }
            int LiteRtCreateEnvironment(void) { return 0; }
            """
        try source.write(toFile: build + "/tampered.c", atomically: true, encoding: .utf8)
        try run(["cc", "-shared", "-fPIC", "-o", package + "/libLiteRt.so", build + "/tampered.c"])
        try FileManager.default.copyItem(atPath: package + "/libLiteRt.so", toPath: package + "/libLiteRtWebGpuAccelerator.so")
        // A complete dist-info, so pip itself accepts the wheel and only a hash check can stop it.
        let info = build + "/ai_edge_litert-2.3.0.dist-info"
        let tag = fileName.hasSuffix(".whl") ? fileName.dropLast(4).split(separator: "-").dropFirst(2).joined(separator: "-") : "py3-none-any"
        try "Metadata-Version: 2.1\nName: ai-edge-litert\nVersion: 2.3.0\n".write(toFile: info + "/METADATA", atomically: true, encoding: .utf8)
        try "Wheel-Version: 1.0\nGenerator: edgebench-tests\nRoot-Is-Purelib: false\nTag: \(tag)\n"
            .write(toFile: info + "/WHEEL", atomically: true, encoding: .utf8)
        try "".write(toFile: info + "/RECORD", atomically: true, encoding: .utf8)
        let wheel = directory + "/" + fileName
        try run(["python3", "-c", """
            import os, sys, zipfile
            with zipfile.ZipFile(sys.argv[1], 'w') as archive:
                for root, _, files in os.walk(sys.argv[2]):
                    for name in files:
                        path = os.path.join(root, name)
                        if not name.endswith('.c'):
                            archive.write(path, os.path.relpath(path, sys.argv[2]))
            """, wheel, build])
        return wheel
    }

    /// A stand-in for `python3` that skips pip (and so its hash check) and copies `wheel` into the `-d` folder.
    public static func pythonCopying(_ wheel: String, in directory: String) throws -> String {
        let script = directory + "/python-copying-wheel"
        try """
            #!/bin/sh
            while [ $# -gt 0 ]; do case "$1" in -d) shift; dest="$1";; esac; shift; done
            cp '\(wheel)' "$dest/"
            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        return script
    }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(arguments[0]) failed (exit \(process.terminationStatus))"])
        }
    }

    private static func commandSucceeds(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
