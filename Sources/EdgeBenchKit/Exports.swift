// The library's vocabulary. Imaging is part of it (decode and resize images on their own); the other
// names come from the layers underneath as type aliases, so `import EdgeBenchKit` is all a user writes
// and the tool's internals (sessions, reports, configurations) stay out of their namespace.
@_exported import Imaging
import EdgeBench
import LiteRT
import Results

/// The element type of a tensor (`float32`, `uint8`, `int8`, …), numbered like `TfLiteType`.
public typealias ElementType = LiteRT.ElementType
/// Affine quantization of a tensor: `real = scale * (quantized - zeroPoint)`.
public typealias PerTensorQuantization = LiteRT.PerTensorQuantization
/// The earlier name of ``PerTensorQuantization`` (it is the file schema's name for another record).
@available(*, deprecated, renamed: "PerTensorQuantization")
public typealias QuantizationParameters = LiteRT.PerTensorQuantization
/// Which CPU kernels run the model: XNNPACK (fastest), the built-in kernels or the reference kernels.
public typealias CPUKernels = LiteRT.CPUKernels
/// The GPU's arithmetic precision.
public typealias GPUPrecision = LiteRT.GPUPrecision
/// Class labels by output index, parsed from `"N  label"` lines or one label per line.
public typealias Labels = EdgeBench.Labels
/// Pixel normalisation before an image enters a model: `(pixel - mean) / std`.
public typealias InputNormalization = Results.InputNormalization
/// One class of a classification: its index, its label when labels are known, and its score.
public typealias Classification = Results.ClassScore

/// A failure reported by the LiteRT runtime (with its log), or a run after a failed one.
public typealias LiteRTError = LiteRT.LiteRTError
/// A model file or bytes that edgebench's model reader rejected, with the defect.
public typealias ModelFileError = EdgeBench.ModelFileError
/// A file that could not be read: missing, not a regular file, too large, unreadable.
public typealias FileAccessError = EdgeBench.FileAccessError
/// A model, backend or runtime problem: runtime not installed, backend unavailable, not a classifier, ….
public typealias EdgeBenchError = EdgeBench.EdgeBenchError
