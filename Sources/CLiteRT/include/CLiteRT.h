// edgebench's own declarations of the parts of the LiteRT 2.3.0 C API that it uses.
//
// The runtime is loaded with dlopen at run time, so nothing here is linked: this header only
// describes handle types, the plain-data structs the API exchanges, and one function-pointer
// type per C function. The Swift module `LiteRT` resolves each symbol once with dlsym.
// Layouts were checked against the 2.3.0 library (sizes noted beside each struct).
#ifndef EDGEBENCH_CLITERT_H
#define EDGEBENCH_CLITERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Opaque handles.
typedef struct EBLiteRtEnvironment_* EBLiteRtEnvironment;
typedef struct EBLiteRtModel_* EBLiteRtModel;
typedef struct EBLiteRtSignature_* EBLiteRtSignature;
typedef struct EBLiteRtTensor_* EBLiteRtTensor;
typedef struct EBLiteRtOptions_* EBLiteRtOptions;
typedef struct EBLiteRtOpaqueOptions_* EBLiteRtOpaqueOptions;
typedef struct EBLiteRtCompiledModel_* EBLiteRtCompiledModel;
typedef struct EBLiteRtTensorBuffer_* EBLiteRtTensorBuffer;
typedef struct EBLiteRtTensorBufferRequirements_* EBLiteRtTensorBufferRequirements;
typedef struct EBLiteRtAccelerator_* EBLiteRtAccelerator;
typedef struct EBLiteRtProfiler_* EBLiteRtProfiler;

/// A LiteRtStatus value (0 = OK).
typedef int32_t EBLiteRtStatus;

/// Tagged value used by environment options (16 bytes).
typedef struct {
    int32_t type;           // LiteRtAnyType (AnyValueType in Swift)
    union {
        bool boolValue;
        int64_t intValue;
        double realValue;
        const char *stringValue;
        const void *pointerValue;
    } value;
} EBLiteRtAny;

/// An environment option: a tag and a value (24 bytes).
typedef struct {
    int32_t tag;
    EBLiteRtAny value;
} EBLiteRtEnvOption;

#define EB_LITERT_MAX_RANK 8
/// The rank's bits in EBLiteRtLayout.rankAndFlags (bit 7 is has_strides).
#define EB_LITERT_LAYOUT_RANK_MASK 0x7F

/// Tensor layout (68 bytes): rank in the low 7 bits of the first word, has_strides in bit 7.
typedef struct {
    uint32_t rankAndFlags;
    int32_t dimensions[EB_LITERT_MAX_RANK];
    uint32_t strides[EB_LITERT_MAX_RANK];
} EBLiteRtLayout;

/// Element type + layout (72 bytes).
typedef struct {
    int32_t elementType;
    EBLiteRtLayout layout;
} EBLiteRtRankedTensorType;

/// Per-tensor quantization (16 bytes).
typedef struct {
    float scale;
    int64_t zeroPoint;
} EBLiteRtQuantizationPerTensor;

/// Per-channel quantization (32 bytes); arrays are owned by the model.
typedef struct {
    int32_t quantizedDimension;
    uint64_t channelCount;
    float *scales;
    int64_t *zeroPoints;
} EBLiteRtQuantizationPerChannel;

/// One profiler event (104 bytes on x86-64, checked against 2.3.0's ProfiledEventData).
/// `tag` is owned by the compiled model; `type` is TFLite's event type (1 runtime scope, 2 operator on the CPU,
/// 8 operator inside a delegate, 16 instrumentation, 32 telemetry); for type 2, meta1 is the node index
/// and meta2 the subgraph.
typedef struct {
    const char *tag;
    int32_t type;
    uint64_t startMicroseconds;
    uint64_t elapsedMicroseconds;
    size_t beginMemory[3];
    size_t endMemory[3];
    uint64_t meta1;
    uint64_t meta2;
    int32_t source;
} EBLiteRtProfiledEvent;

// MARK: - Function types (one per C function used)

typedef EBLiteRtStatus (*EBLiteRtCreateEnvironmentFn)(int32_t count, const EBLiteRtEnvOption *options, EBLiteRtEnvironment *out);
typedef void (*EBLiteRtDestroyEnvironmentFn)(EBLiteRtEnvironment);
typedef EBLiteRtStatus (*EBLiteRtGetNumAcceleratorsFn)(EBLiteRtEnvironment, size_t *count);
typedef EBLiteRtStatus (*EBLiteRtGetAcceleratorFn)(EBLiteRtEnvironment, size_t index, EBLiteRtAccelerator *out);
typedef EBLiteRtStatus (*EBLiteRtGetAcceleratorNameFn)(EBLiteRtAccelerator, const char **name);
typedef EBLiteRtStatus (*EBLiteRtGetAcceleratorHardwareSupportFn)(EBLiteRtAccelerator, int32_t *bits);

typedef EBLiteRtStatus (*EBLiteRtCreateModelFromBufferFn)(EBLiteRtEnvironment, const void *bytes, size_t size, EBLiteRtModel *out);
typedef void (*EBLiteRtDestroyModelFn)(EBLiteRtModel);
typedef EBLiteRtStatus (*EBLiteRtGetNumModelSignaturesFn)(EBLiteRtModel, size_t *count);
typedef EBLiteRtStatus (*EBLiteRtGetModelSignatureFn)(EBLiteRtModel, size_t index, EBLiteRtSignature *out);
typedef EBLiteRtStatus (*EBLiteRtGetSignatureKeyFn)(EBLiteRtSignature, const char **key);
typedef EBLiteRtStatus (*EBLiteRtGetNumSignatureIOFn)(EBLiteRtSignature, size_t *count);
typedef EBLiteRtStatus (*EBLiteRtGetSignatureIOTensorByIndexFn)(EBLiteRtSignature, size_t index, EBLiteRtTensor *out);
typedef EBLiteRtStatus (*EBLiteRtGetTensorNameFn)(EBLiteRtTensor, const char **name);
typedef EBLiteRtStatus (*EBLiteRtGetTensorTypeIdFn)(EBLiteRtTensor, int32_t *typeId);
typedef EBLiteRtStatus (*EBLiteRtGetRankedTensorTypeFn)(EBLiteRtTensor, EBLiteRtRankedTensorType *out);
typedef EBLiteRtStatus (*EBLiteRtGetQuantizationTypeIdFn)(EBLiteRtTensor, int32_t *typeId);
typedef EBLiteRtStatus (*EBLiteRtGetPerTensorQuantizationFn)(EBLiteRtTensor, EBLiteRtQuantizationPerTensor *out);
typedef EBLiteRtStatus (*EBLiteRtGetPerChannelQuantizationFn)(EBLiteRtTensor, EBLiteRtQuantizationPerChannel *out);

typedef EBLiteRtStatus (*EBLiteRtCreateOptionsFn)(EBLiteRtOptions *out);
typedef void (*EBLiteRtDestroyOptionsFn)(EBLiteRtOptions);
typedef EBLiteRtStatus (*EBLiteRtSetOptionsHardwareAcceleratorsFn)(EBLiteRtOptions, int32_t hardware);
typedef EBLiteRtStatus (*EBLiteRtCreateOpaqueOptionsFn)(const char *identifier, void *payload, void (*destructor)(void *), EBLiteRtOpaqueOptions *out);
typedef void (*EBLiteRtDestroyOpaqueOptionsFn)(EBLiteRtOpaqueOptions);
typedef EBLiteRtStatus (*EBLiteRtAddOpaqueOptionsFn)(EBLiteRtOptions, EBLiteRtOpaqueOptions);

typedef EBLiteRtStatus (*EBLiteRtCreateCompiledModelFn)(EBLiteRtEnvironment, EBLiteRtModel, EBLiteRtOptions, EBLiteRtCompiledModel *out);
typedef void (*EBLiteRtDestroyCompiledModelFn)(EBLiteRtCompiledModel);
typedef EBLiteRtStatus (*EBLiteRtGetCompiledModelBufferRequirementsFn)(EBLiteRtCompiledModel, size_t signature, size_t index, EBLiteRtTensorBufferRequirements *out);
typedef EBLiteRtStatus (*EBLiteRtRunCompiledModelFn)(EBLiteRtCompiledModel, size_t signature, size_t inputCount, EBLiteRtTensorBuffer *inputs, size_t outputCount, EBLiteRtTensorBuffer *outputs);
typedef EBLiteRtStatus (*EBLiteRtCompiledModelIsFullyAcceleratedFn)(EBLiteRtCompiledModel, bool *out);
// The layout of input `index` as the compiled model holds it now (after any resize).
typedef EBLiteRtStatus (*EBLiteRtGetCompiledModelInputTensorLayoutFn)(EBLiteRtCompiledModel, size_t signature, size_t index, EBLiteRtLayout *out);
// The layouts of all outputs; with updateAllocation = true LiteRT allocates tensors and runs every op's
// Prepare first, so outputs whose shape is set at run time get their real shape. Writes `count` layouts.
typedef EBLiteRtStatus (*EBLiteRtGetCompiledModelOutputTensorLayoutsFn)(EBLiteRtCompiledModel, size_t signature, size_t count, EBLiteRtLayout *layouts, bool updateAllocation);
// Gives input `index` new dimensions (its shape signature must allow them); invalidates buffer requirements.
typedef EBLiteRtStatus (*EBLiteRtCompiledModelResizeInputTensorFn)(EBLiteRtCompiledModel, size_t signature, size_t index, const int *dimensions, size_t rank);

typedef EBLiteRtStatus (*EBLiteRtGetRequirementsBufferSizeFn)(EBLiteRtTensorBufferRequirements, size_t *size);
typedef EBLiteRtStatus (*EBLiteRtCreateManagedTensorBufferFromRequirementsFn)(EBLiteRtEnvironment, const EBLiteRtRankedTensorType *type, EBLiteRtTensorBufferRequirements, EBLiteRtTensorBuffer *out);
typedef void (*EBLiteRtDestroyTensorBufferFn)(EBLiteRtTensorBuffer);
typedef EBLiteRtStatus (*EBLiteRtGetTensorBufferSizeFn)(EBLiteRtTensorBuffer, size_t *size);
typedef EBLiteRtStatus (*EBLiteRtGetTensorBufferTypeFn)(EBLiteRtTensorBuffer, int32_t *type);
typedef EBLiteRtStatus (*EBLiteRtLockTensorBufferFn)(EBLiteRtTensorBuffer, void **address, int32_t mode);
typedef EBLiteRtStatus (*EBLiteRtUnlockTensorBufferFn)(EBLiteRtTensorBuffer);

// Profiler (enabled at compile time by the "runtime_options_string" payload `enable_profiling = true`).
// The compiled model owns the profiler: never destroy it.
typedef EBLiteRtStatus (*EBLiteRtCompiledModelGetProfilerFn)(EBLiteRtCompiledModel, EBLiteRtProfiler *out);
typedef EBLiteRtStatus (*EBLiteRtProfilerActionFn)(EBLiteRtProfiler);
typedef EBLiteRtStatus (*EBLiteRtGetNumProfilerEventsFn)(EBLiteRtProfiler, size_t *count);
// Fails when `count` is 0 or smaller than the number of events recorded.
typedef EBLiteRtStatus (*EBLiteRtGetProfilerEventsFn)(EBLiteRtProfiler, size_t count, EBLiteRtProfiledEvent *events);

#endif
