import Foundation

/// How a dataset was laid out on disk.
public enum DatasetLayout: String, Sendable, Codable {
    /// `DIR/<class>/<image>` (ImageFolder, Keras `image_dataset_from_directory`).
    case folders
    /// A CSV manifest of `image,label` rows, paths relative to the CSV.
    case manifest
}
