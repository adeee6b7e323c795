// Classifies every image in a folder with one loaded model: one line per image, "file<TAB>label<TAB>score".
import EdgeBenchKit
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: ClassifyFolder MODEL FOLDER LABELS\n".utf8))
    exit(64)
}
let (modelPath, folder, labelsPath) = (arguments[1], arguments[2], arguments[3])

do {
    // Load and compile once; every image below reuses the same interpreter.
    let classifier = try ImageClassifier(model: try Interpreter(modelPath: modelPath),
                                         labels: try Labels(contentsOf: labelsPath))
    let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "bmp"]
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        .filter { imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        .sorted()
    var failures = 0
    for file in files {
        let url = URL(fileURLWithPath: folder).appendingPathComponent(file)
        do {
            guard let best = try classifier.classify(contentsOf: url, topK: 1).first else {
                print("\(file)\t-\t0.000")
                continue
            }
            print("\(file)\t\(best.label ?? "#\(best.index)")\t\(String(format: "%.3f", best.score))")
        } catch {
            failures += 1
            FileHandle.standardError.write(Data("\(file): \(error.localizedDescription)\n".utf8))
        }
    }
    exit(failures == 0 ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("ClassifyFolder: \(error.localizedDescription)\n".utf8))
    exit(1)
}
