import Foundation

/// Normalisation applied to pixel values before they enter the model: `(pixel - mean) / std`.
public struct InputNormalization: Sendable, Equatable, Codable {
    public var mean: Float
    public var std: Float
    public init(mean: Float, std: Float) {
        self.mean = mean
        self.std = std
    }
    /// pycoral's default for the Coral classification models: 128 / 128.
    public static let pycoralDefault = InputNormalization(mean: 128, std: 128)
}
