import ArgumentParser
import EdgeBench
import Foundation
import LiteRT
import Presentation

extension Edgebench {
    struct RuntimeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runtime",
            abstract: "Show or install the LiteRT runtime edgebench uses.",
            discussion: """
                edgebench looks for libLiteRt.so at EDGEBENCH_LITERT (loads that native library, not verified; an error \
                when it names no file), then in \(RuntimeLocation.cacheDirectory()). `edgebench runtime install` downloads \
                the ai-edge-litert \(RuntimeLocation.pinnedVersion) wheel with pip, verifies it and the libraries it \
                extracts against pinned SHA-256 hashes before anything loads them, and installs them there; every later \
                start checks them against the install manifest (size and mtime; hashed again when they changed).
                """,
            subcommands: [Show.self, Install.self],
            defaultSubcommand: Show.self)

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the runtime's path, version and accelerators.")

            @Option(help: "Output format: text (also called table) or json.")
            var format: OutputFormat = .text

            func run() throws {
                try format.require([.text, .json], command: "runtime info")
                let location = try RuntimeLocation.find()
                let library = try location.load()
                let accelerators = try Environment(library: library, runtimeLibraryDirectory: location.directory).accelerators()
                struct Info: Encodable {
                    var path: String
                    var version: String?
                    var source: String
                    /// Whether the libraries were checked against the pinned SHA-256 (the cache) or loaded as named.
                    var verified: Bool
                    var accelerators: [String]
                }
                let info = Info(path: location.path, version: location.version, source: location.source,
                                verified: location.source == "cache",
                                accelerators: accelerators.map { "\($0.name) (\($0.hardware.names.joined(separator: "+")))" })
                switch format {
                case .json: print(try JSONText.encode(info))
                default:  // text; require() refused csv and markdown
                    print("LiteRT runtime: \(location.path)")
                    print("Version:        \(location.version ?? "unknown")  (found via \(location.source))")
                    print("Verified:       " + (info.verified ? "yes (SHA-256 of the pinned ai-edge-litert wheel's libraries)"
                                                              : "no (EDGEBENCH_LITERT: loaded as named)"))
                    print("Accelerators:   \(info.accelerators.joined(separator: ", "))")
                }
            }
        }

        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Download ai-edge-litert \(RuntimeLocation.pinnedVersion) with pip and install its runtime into the cache.")

            func run() throws {
                let location = try RuntimeInstaller(log: { Terminal.notice($0) }).install()
                print(location.path)
            }
        }
    }
}
