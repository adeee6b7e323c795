import ArgumentParser
import EdgeBench
import Foundation
import ModelFormat
import Presentation

extension Edgebench {
    struct Devices: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the runtimes and accelerators this machine has: LiteRT, the Edge TPU runtime and its devices, the GPU.",
            discussion: """
                The Edge TPU runtime (libedgetpu.so.1) is found at EDGEBENCH_EDGETPU_LIB or on the loader's path; its build \
                (direct = max clock, throttled = std clock) and TensorFlow commit are read from the library file. USB devices \
                show their negotiated link speed (480 Mb/s = USB 2, about 4x slower). The GPU is probed by compiling a one-op \
                model for it; VK_DRIVER_FILES selects the Vulkan driver.
                """)

        @Option(help: "Output format: text (also called table) or json.")
        var format: OutputFormat = .text

        @Flag(name: .customLong("no-gpu-probe"), help: "Do not compile a test model on the GPU (faster).")
        var noGPUProbe = false

        func run() throws {
            try format.require([.text, .json], command: "devices")
            // A refused runtime (not the pinned bytes, or EDGEBENCH_LITERT naming no file) is reported with its reason.
            var runtimeProblem: String?
            let runtime: RuntimeLocation?
            do {
                runtime = try RuntimeLocation.find()
            } catch EdgeBenchError.runtimeNotFound {
                runtime = nil
            } catch {
                runtime = nil
                runtimeProblem = ErrorClassification.message(for: error)
            }
            let report = DeviceReport.probe(runtime: runtime, runtimeProblem: runtimeProblem, probeGPU: !noGPUProbe)
            switch format {
            case .json: print(try JSONText.encode(report))
            default: print(render(report), terminator: "")  // text (require() refused csv and markdown)
            }
        }

        func render(_ report: DeviceReport) -> String {
            var text = "LiteRT runtime\n"
            if let litert = report.litert {
                text += "  path:         \(litert.path)\n  version:      \(litert.version ?? "unknown")\n"
                text += "  accelerators: \(litert.accelerators.joined(separator: ", "))\n"
            } else {
                text += "  not available: \(report.litertProblem ?? "?")\n"
            }
            text += "Edge TPU runtime\n"
            if let edgetpu = report.edgetpu {
                text += "  library:      \(edgetpu.library)\n  version:      \(edgetpu.version)\n"
                text += "  build:        \(edgetpu.build?.rawValue ?? "unknown")"
                switch edgetpu.build {
                case .direct?: text += " (max clock, 500 MHz; USB devices are capped at 250 MHz)\n"
                case .throttled?: text += " (std clock)\n"
                case nil: text += "\n"
                }
                text += "  tensorflow:   \(edgetpu.tensorflowCommit ?? "unknown")\n"
                text += "  devices:      \(edgetpu.devices.count)\n"
                for device in edgetpu.devices {
                    text += "    \(device.type.rawValue) \(device.path)" + (device.usbSpeedMbps.map { " \($0) Mb/s" } ?? "") + (device.note.map { " — \($0)" } ?? "") + "\n"
                }
            } else {
                text += "  not available: \(report.edgetpuProblem ?? "?")\n"
            }
            text += "GPU (LiteRT WebGPU accelerator)\n"
            if let gpu = report.gpu {
                text += "  library:      \(gpu.acceleratorLibrary ?? "missing")\n  registered:   \(gpu.registered ? "yes" : "no")\n"
                text += "  usable:       \(gpu.usable ? "yes" : "no")" + (gpu.adapter.map { " (adapter: \($0))" } ?? "") + "\n"
                if let problem = gpu.problem { text += "  problem:      \(problem)\n" }
                if let driver = gpu.vulkanDriverFiles { text += "  VK_DRIVER_FILES=\(driver)\n" }
            } else {
                text += "  not available (no LiteRT runtime)\n"
            }
            // Paths, versions and driver problems come from the system and libraries: print them escaped.
            return TerminalText.escape(text, keepingLineBreaks: true)
        }
    }
}
