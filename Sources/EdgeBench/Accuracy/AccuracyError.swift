import Foundation
import Results

/// Why an accuracy run cannot start: the dataset or its labels (exit 3), or options that do not fit the models (64).
public enum AccuracyError: Error, Equatable, LocalizedError, ExitStatusProviding {
    case datasetNotFound(path: String)
    case unreadableDataset(path: String, reason: String)
    case emptyDataset(path: String, layout: DatasetLayout)
    case noLabels(dataset: String)
    case unknownClasses([String], dataset: String)
    case unknownLabels([String], manifest: String)
    case ambiguousClasses([AmbiguousClass])
    case malformedManifest(path: String, line: Int, detail: String)
    /// A true class whose index lies outside a model's outputs.
    case labelOutsideOutputs(model: String, labelIndex: Int, outputClasses: Int, offset: Int)
    case invalidCenterCrop(Double)

    public var errorDescription: String? {
        switch self {
        case let .datasetNotFound(path):
            return "The dataset \(path) does not exist; give a folder with one sub-folder per class, or a CSV manifest of image,label rows."
        case let .unreadableDataset(path, reason):
            return "Cannot read the dataset \(path): \(reason)."
        case let .emptyDataset(path, layout):
            switch layout {
            case .folders: return "The dataset folder \(path) holds no images (.jpg, .jpeg, .png, .bmp) in class folders; lay it out as DIR/<class>/<image>."
            case .manifest: return "The manifest \(path) lists no images; write one image,label row per image."
            }
        case let .noLabels(dataset):
            return "The dataset \(dataset) names its classes, but there are no labels to match them against: the model has none in its metadata; give --labels FILE."
        case let .unknownClasses(names, dataset):
            return "No label matches \(names.count == 1 ? "the class folder" : "these class folders") of \(dataset): \(names.joined(separator: ", ")). Rename \(names.count == 1 ? "it" : "them") after a label (or one of its comma-separated synonyms; case and _/space do not matter), or pass --skip-unknown to leave \(names.count == 1 ? "it" : "them") out."
        case let .unknownLabels(names, manifest):
            return "No label matches \(names.joined(separator: ", ")) in \(manifest); use a label, one of its comma-separated synonyms, or its integer index."
        case let .ambiguousClasses(classes):
            let lines = classes.map { entry in
                "  \(entry.name): " + entry.candidates.map { "\($0.index) '\($0.label)'" }.joined(separator: ", ")
            }
            return "These class names match several labels; give the dataset as a CSV manifest with integer label indices instead:\n" + lines.joined(separator: "\n")
        case let .malformedManifest(path, line, detail):
            return "The manifest \(path), line \(line), cannot be read: \(detail)."
        case let .labelOutsideOutputs(model, labelIndex, outputClasses, offset):
            return "\(model) has \(outputClasses) output classes, but the dataset uses label index \(labelIndex)\(offset == 1 ? " (output \(labelIndex + 1) after the background class)" : ""); use labels that belong to this model."
        case let .invalidCenterCrop(value):
            return "--center-crop must be a fraction in (0, 1] (got \(value)); the TF evaluation tool uses 0.875."
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidCenterCrop: return .usage
        default: return .badInput
        }
    }
}
