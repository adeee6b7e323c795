// edgebench's own declarations for running libedgetpu's delegate under LiteRT 2.3.0.
//
// Three groups, all written from the public documentation and the verified notes in
// shared/notes/edgetpu-on-litert.md (no upstream header is included or copied):
//   1. the libedgetpu C API (edgetpu_*), as function-pointer types: the library is loaded with dlopen;
//   2. LiteRT 2.3.0's accelerator-registration API, as function-pointer types resolved from libLiteRt.so;
//   3. the TensorFlow Lite struct prefixes that the ABI shim and the test delegate touch.
// The code in CEdgeTPU.c is the accelerator's callbacks and the TfLiteRegistration ABI shim: both need
// C's by-value struct ABI and C callbacks, so they live here rather than in Swift.
#ifndef EDGEBENCH_CEDGETPU_H
#define EDGEBENCH_CEDGETPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// MARK: - TensorFlow Lite struct prefixes

/// TfLiteStatus: 0 = kTfLiteOk, 1 = kTfLiteError.
typedef int32_t EBTfLiteStatus;

/// TfLiteIntArray: a size followed by that many ints.
typedef struct EBTfLiteIntArray {
    int size;
    int data[];
} EBTfLiteIntArray;

struct EBTfLiteContext;
struct EBTfLiteNode;
struct EBTfLiteDelegate;

typedef void *(*EBTfLiteKernelInitFn)(struct EBTfLiteContext *context, const char *buffer, size_t length);
typedef void (*EBTfLiteKernelFreeFn)(struct EBTfLiteContext *context, void *buffer);
typedef EBTfLiteStatus (*EBTfLiteKernelPrepareFn)(struct EBTfLiteContext *context, struct EBTfLiteNode *node);
typedef EBTfLiteStatus (*EBTfLiteKernelInvokeFn)(struct EBTfLiteContext *context, struct EBTfLiteNode *node);
typedef const char *(*EBTfLiteProfilingStringFn)(const struct EBTfLiteContext *context, const struct EBTfLiteNode *node);

/// TfLiteRegistration as TensorFlow 2.5 (and libedgetpu 16.0) lays it out: 64 bytes.
typedef struct EBTfLiteRegistrationTF25 {
    EBTfLiteKernelInitFn init;
    EBTfLiteKernelFreeFn free;
    EBTfLiteKernelPrepareFn prepare;
    EBTfLiteKernelInvokeFn invoke;
    EBTfLiteProfilingStringFn profilingString;
    int32_t builtinCode;
    const char *customName;
    int version;
} EBTfLiteRegistrationTF25;

/// TfLiteRegistration as LiteRT 2.3.0 lays it out: the TF 2.5 fields, then three appended ones (88 bytes).
typedef struct EBTfLiteRegistration {
    EBTfLiteKernelInitFn init;
    EBTfLiteKernelFreeFn free;
    EBTfLiteKernelPrepareFn prepare;
    EBTfLiteKernelInvokeFn invoke;
    EBTfLiteProfilingStringFn profilingString;
    int32_t builtinCode;
    const char *customName;
    int version;
    void *registrationExternal;
    void *asyncKernel;
    uint64_t inplaceOperator;
} EBTfLiteRegistration;

/// ReplaceNodeSubsetsWithDelegateKernels as the runtime (LiteRT 2.3.0) implements it.
typedef EBTfLiteStatus (*EBTfLiteReplaceNodeSubsetsFn)(struct EBTfLiteContext *context, EBTfLiteRegistration registration,
                                                        const EBTfLiteIntArray *nodesToReplace, struct EBTfLiteDelegate *delegate);
/// ReplaceNodeSubsetsWithDelegateKernels as a TF 2.5-era caller (libedgetpu 16.0) calls it.
typedef EBTfLiteStatus (*EBTfLiteReplaceNodeSubsetsTF25Fn)(struct EBTfLiteContext *context, EBTfLiteRegistrationTF25 registration,
                                                            const EBTfLiteIntArray *nodesToReplace, struct EBTfLiteDelegate *delegate);

/// TfLiteTensor (112 bytes in TF 2.5 and in LiteRT 2.3.0). Only read, never allocated here.
typedef struct EBTfLiteTensor {
    int32_t type;               // TfLiteType: 1 = float32
    void *data;
    EBTfLiteIntArray *dims;
    struct { float scale; int32_t zeroPoint; } params;
    int32_t allocationType;
    size_t bytes;
    const void *allocation;
    const char *name;
    struct EBTfLiteDelegate *delegate;
    int bufferHandle;
    bool dataIsStale;
    bool isVariable;
    struct { int32_t type; void *params; } quantization;
    void *sparsity;
    const EBTfLiteIntArray *dimsSignature;
} EBTfLiteTensor;

/// The leading fields of TfLiteNode (the struct is append-only; only these are read).
typedef struct EBTfLiteNode {
    EBTfLiteIntArray *inputs;
    EBTfLiteIntArray *outputs;
    EBTfLiteIntArray *intermediates;
    EBTfLiteIntArray *temporaries;
    void *userData;
    void *builtinData;
    const void *customInitialData;
    int customInitialDataSize;
    struct EBTfLiteDelegate *delegate;
} EBTfLiteNode;

/// TfLiteDelegateParams: what a delegate kernel's init receives as `buffer`.
typedef struct EBTfLiteDelegateParams {
    struct EBTfLiteDelegate *delegate;
    EBTfLiteIntArray *nodesToReplace;
    EBTfLiteIntArray *inputTensors;
    EBTfLiteIntArray *outputTensors;
} EBTfLiteDelegateParams;

/// The leading fields of TfLiteContext, at offsets shared by TF 2.5 and LiteRT 2.3.0 (append-only struct).
/// Never allocated by the runtime's users; a prefix is enough to reach ReplaceNodeSubsetsWithDelegateKernels.
typedef struct EBTfLiteContext {
    size_t tensorsSize;
    EBTfLiteStatus (*GetExecutionPlan)(struct EBTfLiteContext *context, EBTfLiteIntArray **executionPlan);
    EBTfLiteTensor *tensors;
    void *impl;
    EBTfLiteStatus (*ResizeTensor)(struct EBTfLiteContext *context, EBTfLiteTensor *tensor, EBTfLiteIntArray *newSize);
    void (*ReportError)(struct EBTfLiteContext *context, const char *format, ...);
    EBTfLiteStatus (*AddTensors)(struct EBTfLiteContext *context, int count, int *firstNewIndex);
    EBTfLiteStatus (*GetNodeAndRegistration)(struct EBTfLiteContext *context, int nodeIndex, EBTfLiteNode **node,
                                             EBTfLiteRegistration **registration);
    EBTfLiteReplaceNodeSubsetsFn ReplaceNodeSubsetsWithDelegateKernels;
    int recommendedNumThreads;
} EBTfLiteContext;

/// TfLiteDelegate as TF 2.5 lays it out (48 bytes); newer runtimes append `opaque_delegate_builder`,
/// which they read only when `Prepare` is NULL — so `Prepare` must stay non-NULL.
typedef struct EBTfLiteDelegate {
    void *data;
    EBTfLiteStatus (*Prepare)(EBTfLiteContext *context, struct EBTfLiteDelegate *delegate);
    EBTfLiteStatus (*CopyFromBufferHandle)(EBTfLiteContext *context, struct EBTfLiteDelegate *delegate, int handle,
                                           EBTfLiteTensor *tensor);
    EBTfLiteStatus (*CopyToBufferHandle)(EBTfLiteContext *context, struct EBTfLiteDelegate *delegate, int handle,
                                         EBTfLiteTensor *tensor);
    void (*FreeBufferHandle)(EBTfLiteContext *context, struct EBTfLiteDelegate *delegate, int *handle);
    int64_t flags;
} EBTfLiteDelegate;

typedef EBTfLiteStatus (*EBTfLiteDelegatePrepareFn)(EBTfLiteContext *context, EBTfLiteDelegate *delegate);

// MARK: - libedgetpu C API (edgetpu_c.h), as function-pointer types

/// `edgetpu_device_type`: EDGETPU_APEX_PCI.
#define EB_EDGETPU_DEVICE_PCI 0
/// `edgetpu_device_type`: EDGETPU_APEX_USB.
#define EB_EDGETPU_DEVICE_USB 1
/// Not a libedgetpu value: "any kind" / "the first match" for EBEdgeTPUAcceleratorContextCreate.
#define EB_EDGETPU_ANY (-1)

/// `struct edgetpu_device`: an enum (int) and a path owned by the array it came in.
typedef struct EBEdgeTPUDevice {
    int32_t type;
    const char *path;
} EBEdgeTPUDevice;

/// `struct edgetpu_option`: a name/value pair, read only during edgetpu_create_delegate.
typedef struct EBEdgeTPUOption {
    const char *name;
    const char *value;
} EBEdgeTPUOption;

typedef EBEdgeTPUDevice *(*EBEdgeTPUListDevicesFn)(size_t *count);
typedef void (*EBEdgeTPUFreeDevicesFn)(EBEdgeTPUDevice *devices);
/// Note: libedgetpu aborts (CHECK) when `count > 0` and `name` is NULL.
typedef EBTfLiteDelegate *(*EBEdgeTPUCreateDelegateFn)(int32_t type, const char *name, const EBEdgeTPUOption *options,
                                                       size_t count);
typedef void (*EBEdgeTPUFreeDelegateFn)(EBTfLiteDelegate *delegate);
typedef void (*EBEdgeTPUVerbosityFn)(int verbosity);
typedef const char *(*EBEdgeTPUVersionFn)(void);

/// Copies the path of the loaded file that holds `symbol` (dladdr) into `buffer`.
/// Returns its length, or 0 when unknown or longer than `capacity - 1`.
size_t EBEdgeTPUFileOfSymbol(const void *symbol, char *buffer, size_t capacity);

// MARK: - LiteRT 2.3.0 accelerator registration, as function-pointer types

typedef int32_t EBETStatus;  // LiteRtStatus
#define EB_ET_STATUS_OK 0
#define EB_ET_STATUS_INVALID_ARGUMENT 1
#define EB_ET_STATUS_MEMORY_ALLOCATION_FAILURE 2
#define EB_ET_STATUS_NOT_FOUND 6

typedef struct EBETAccelerator_ *EBETAccelerator;
typedef struct EBETEnvironment_ *EBETEnvironment;
typedef struct EBETOptions_ *EBETOptions;
typedef struct EBETDelegateWrapper_ *EBETDelegateWrapper;

typedef struct EBETApiVersion {
    int32_t major;
    int32_t minor;
    int32_t patch;
} EBETApiVersion;

typedef EBETStatus (*EBETGetNameCallback)(EBETAccelerator accelerator, const char **name);
typedef EBETStatus (*EBETGetVersionCallback)(EBETAccelerator accelerator, EBETApiVersion *version);
typedef EBETStatus (*EBETGetHardwareSupportCallback)(EBETAccelerator accelerator, int32_t *hardware);
typedef EBETStatus (*EBETCreateDelegateCallback)(void *runtimeContext, EBETEnvironment environment,
                                                 EBETAccelerator accelerator, EBETOptions options,
                                                 EBETDelegateWrapper *delegate);
typedef EBETStatus (*EBETIsJitCallback)(EBETAccelerator accelerator, bool *doesJit);
typedef void (*EBETReleaseDataCallback)(void *data);
typedef void (*EBETDelegateDeleter)(EBTfLiteDelegate *delegate);

typedef EBETStatus (*EBETCreateAcceleratorFn)(EBETAccelerator *accelerator);
typedef EBETStatus (*EBETDestroyAcceleratorFn)(EBETAccelerator accelerator);
typedef EBETStatus (*EBETSetAcceleratorGetNameFn)(EBETAccelerator accelerator, EBETGetNameCallback callback);
typedef EBETStatus (*EBETSetAcceleratorGetVersionFn)(EBETAccelerator accelerator, EBETGetVersionCallback callback);
typedef EBETStatus (*EBETSetAcceleratorGetHardwareSupportFn)(EBETAccelerator accelerator,
                                                              EBETGetHardwareSupportCallback callback);
typedef EBETStatus (*EBETSetDelegateFunctionFn)(EBETAccelerator accelerator, EBETCreateDelegateCallback callback);
typedef EBETStatus (*EBETSetIsJitFn)(EBETAccelerator accelerator, EBETIsJitCallback callback);
typedef EBETStatus (*EBETRegisterAcceleratorFn)(EBETEnvironment environment, EBETAccelerator accelerator, void *data,
                                                EBETReleaseDataCallback releaseData);
typedef EBETStatus (*EBETWrapDelegateFn)(EBTfLiteDelegate *delegate, EBETDelegateDeleter deleter,
                                         EBETDelegateWrapper *wrapper);

/// The LiteRT entry points the registration uses, resolved from libLiteRt.so by the Swift module.
typedef struct EBETRegistrationAPI {
    EBETCreateAcceleratorFn createAccelerator;
    EBETDestroyAcceleratorFn destroyAccelerator;
    EBETSetAcceleratorGetNameFn setGetName;
    EBETSetAcceleratorGetVersionFn setGetVersion;
    EBETSetAcceleratorGetHardwareSupportFn setGetHardwareSupport;
    EBETSetDelegateFunctionFn setDelegateFunction;
    EBETSetIsJitFn setIsJit;  // optional (NULL: not set)
    EBETRegisterAcceleratorFn registerAccelerator;
    EBETWrapDelegateFn wrapDelegate;
} EBETRegistrationAPI;

// MARK: - The Edge TPU accelerator

/// The libedgetpu entry points the accelerator calls.
typedef struct EBEdgeTPUFunctions {
    EBEdgeTPUListDevicesFn listDevices;
    EBEdgeTPUFreeDevicesFn freeDevices;
    EBEdgeTPUCreateDelegateFn createDelegate;
    EBEdgeTPUFreeDelegateFn freeDelegate;
} EBEdgeTPUFunctions;

/// What the last delegate creation of an accelerator came to.
typedef enum EBEdgeTPUOutcome {
    EB_EDGETPU_OUTCOME_NONE = 0,           // no compilation has asked for a delegate yet
    EB_EDGETPU_OUTCOME_CREATED = 1,        // a delegate was created and handed to LiteRT
    EB_EDGETPU_OUTCOME_NO_DEVICE = 2,      // no listed device matched the selector
    EB_EDGETPU_OUTCOME_OPEN_FAILED = 3,    // a device matched, but edgetpu_create_delegate returned NULL
    EB_EDGETPU_OUTCOME_WRAP_FAILED = 4,    // LiteRtWrapDelegate refused the delegate
    EB_EDGETPU_OUTCOME_OUT_OF_MEMORY = 5,  // bookkeeping could not be allocated
} EBEdgeTPUOutcome;

#define EB_EDGETPU_DETAIL_CAPACITY 1024

/// The accelerator's state. Created by EBEdgeTPUAcceleratorContextCreate; owned by LiteRT once registered
/// (freed by the release callback when the environment is destroyed). Written by the delegate callback during
/// LiteRtCreateCompiledModel and read afterwards on the same thread: not thread-safe.
typedef struct EBEdgeTPUAcceleratorContext EBEdgeTPUAcceleratorContext;

/// Creates a context. `deviceType` is EB_EDGETPU_ANY, EB_EDGETPU_DEVICE_PCI or _USB; `deviceIndex` is EB_EDGETPU_ANY (first match)
/// or the position among matching devices in enumeration order. Option strings are copied.
/// `applyShim` wraps each delegate's Prepare in the TF 2.5 → LiteRT registration shim.
/// Returns NULL when memory runs out.
EBEdgeTPUAcceleratorContext *EBEdgeTPUAcceleratorContextCreate(EBEdgeTPUFunctions functions, int32_t deviceType,
                                                               int32_t deviceIndex, const EBEdgeTPUOption *options,
                                                               size_t optionCount, bool applyShim);
/// Frees a context that was never handed to LiteRT (the release callback frees registered ones).
void EBEdgeTPUAcceleratorContextDestroy(EBEdgeTPUAcceleratorContext *context);

/// Forgets the outcome of the last delegate creation (call before compiling, so a stale outcome is not reported).
void EBEdgeTPUAcceleratorContextResetOutcome(EBEdgeTPUAcceleratorContext *context);
/// The outcome of the last delegate creation.
EBEdgeTPUOutcome EBEdgeTPUAcceleratorContextOutcome(const EBEdgeTPUAcceleratorContext *context);
/// The devices listed at the last delegate creation, one "type:path" per line ("usb:/sys/bus/usb/devices/2-1").
const char *EBEdgeTPUAcceleratorContextListedDevices(const EBEdgeTPUAcceleratorContext *context);
/// The device that was opened or failed to open ("type:path"), or "".
const char *EBEdgeTPUAcceleratorContextChosenDevice(const EBEdgeTPUAcceleratorContext *context);
/// The LiteRT status of the last failed wrap, else 0.
EBETStatus EBEdgeTPUAcceleratorContextWrapStatus(const EBEdgeTPUAcceleratorContext *context);
/// How many delegates of this context are alive (created and not yet freed by LiteRT).
int32_t EBEdgeTPUAcceleratorContextLiveDelegates(const EBEdgeTPUAcceleratorContext *context);

/// The context registered in `environment` (the most recent one), or NULL. Valid while the environment lives.
EBEdgeTPUAcceleratorContext *EBEdgeTPUAcceleratorContextOfEnvironment(EBETEnvironment environment);

/// The accelerator's name as LiteRT lists it.
#define EB_EDGETPU_ACCELERATOR_NAME "Edge TPU (libedgetpu)"

/// Creates the accelerator, sets its callbacks (name, version, hardware support = none, no JIT, delegate
/// function) and registers it with `environment`, handing `context` to LiteRT.
/// - Returns: the LiteRT status; on failure `*failedFunction` names the call that failed.
/// - `*contextOwnedByLiteRT` is set to true once LiteRtRegisterAccelerator was called (LiteRT then owns the
///   context and frees it, even when registration fails); while false the caller must destroy the context.
EBETStatus EBEdgeTPURegisterAccelerator(const EBETRegistrationAPI *api, EBETEnvironment environment,
                                        EBEdgeTPUAcceleratorContext *context, const char **failedFunction,
                                        bool *contextOwnedByLiteRT);

// MARK: - The ABI shim (exposed for tests)

/// Wraps `delegate->Prepare` in the shim trampoline and records `freeDelegate` for EBEdgeTPUDeleteDelegate.
/// With `applyShim` false only the free function is recorded. Returns false when memory runs out.
bool EBEdgeTPUAdoptDelegate(EBTfLiteDelegate *delegate, EBEdgeTPUFreeDelegateFn freeDelegate, bool applyShim);
/// Restores and frees a delegate adopted by EBEdgeTPUAdoptDelegate (the deleter handed to LiteRtWrapDelegate).
void EBEdgeTPUDeleteDelegate(EBTfLiteDelegate *delegate);
/// The shim installed in `context->ReplaceNodeSubsetsWithDelegateKernels` while a wrapped Prepare runs.
EBTfLiteReplaceNodeSubsetsTF25Fn EBEdgeTPUShimReplaceFunction(void);
/// How many registrations the shim has forwarded (process-wide).
uint64_t EBEdgeTPUShimForwardCount(void);

#endif
