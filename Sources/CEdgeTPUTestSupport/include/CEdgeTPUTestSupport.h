// Test support for the Edge TPU module: a stand-in for libedgetpu whose delegate has TensorFlow 2.5's layout and
// calls ReplaceNodeSubsetsWithDelegateKernels with the 64-byte TfLiteRegistration by value, exactly as
// libedgetpu 16.0 does. Its kernel computes FULLY_CONNECTED (float32), so a real model runs through it.
// Not thread-safe: the statistics are process-wide; tests using it run serialized.
#ifndef EDGEBENCH_CEDGETPU_TEST_SUPPORT_H
#define EDGEBENCH_CEDGETPU_TEST_SUPPORT_H

#include "CEdgeTPU.h"

/// What the fake library and its delegate saw.
typedef struct EBTestFakeStats {
    int32_t listCalls;
    int32_t createCalls;
    int32_t deleteCalls;
    int32_t prepareCalls;
    int32_t replaceCalls;      // ReplaceNodeSubsetsWithDelegateKernels calls made by the fake Prepare
    int32_t replaceFailures;   // ... that did not return kTfLiteOk
    int32_t kernelInits;
    int32_t kernelInvokes;
    int32_t kernelFrees;
    bool prepareSawShim;       // during Prepare, the context's function was the shim
    bool nullNameWithOptions;  // edgetpu_create_delegate got options with a NULL name (the real one aborts)
    int32_t lastCreateType;
    char lastCreateName[256];
    size_t lastOptionCount;
    char lastOptions[512];     // "Name=Value;" per option
} EBTestFakeStats;

/// Resets the statistics and sets what the fake lists: `deviceCount` devices of `deviceType`
/// (paths /sys/bus/usb/devices/9-N or /dev/apex_N), and whether create_delegate succeeds.
void EBTestFakeReset(int32_t deviceCount, int32_t deviceType, bool createSucceeds);
EBTestFakeStats EBTestFakeGetStats(void);
/// The fake's libedgetpu entry points.
EBEdgeTPUListDevicesFn EBTestFakeListDevices(void);
EBEdgeTPUFreeDevicesFn EBTestFakeFreeDevices(void);
EBEdgeTPUCreateDelegateFn EBTestFakeCreateDelegate(void);
EBEdgeTPUFreeDelegateFn EBTestFakeFreeDelegate(void);
EBEdgeTPUVerbosityFn EBTestFakeVerbosity(void);
EBEdgeTPUVersionFn EBTestFakeVersion(void);

/// The shim checked without any runtime: a hand-made context and delegate.
typedef struct EBTestShimReport {
    int32_t prepareStatus;
    bool prepareWrapped;        // adoption replaced delegate->Prepare with the trampoline
    bool forwarded;             // the runtime's function received exactly one call
    bool sawShimDuringPrepare;  // the context held the shim while Prepare ran
    bool headPreserved;         // the 64 TF 2.5 bytes arrived unchanged
    bool tailZeroed;            // the three appended fields arrived as zero
    bool contextRestored;       // the runtime's function was back after Prepare
    bool prepareRestored;       // deleting restored the delegate's own Prepare ...
    bool freeCalled;            // ... and called the library's free function once
    bool shimRefusesOutsidePrepare;  // the shim called with no Prepare running returns kTfLiteError
} EBTestShimReport;

EBTestShimReport EBTestRunShimUnitCheck(void);

#endif
