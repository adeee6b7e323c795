// A stand-in for libedgetpu with a TF 2.5-layout delegate; see CEdgeTPUTestSupport.h.
#define _POSIX_C_SOURCE 200809L  // strdup
#include "CEdgeTPUTestSupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kBuiltinFullyConnected = 9, kTypeFloat32 = 1, kMaxFakeDevices = 8 };

static EBTestFakeStats stats;
static int32_t fakeDeviceCount = 0;
static int32_t fakeDeviceType = EB_EDGETPU_DEVICE_USB;
static bool fakeCreateSucceeds = true;

void EBTestFakeReset(int32_t deviceCount, int32_t deviceType, bool createSucceeds) {
    memset(&stats, 0, sizeof stats);
    stats.lastCreateType = -1;
    fakeDeviceCount = deviceCount < 0 ? 0 : (deviceCount > kMaxFakeDevices ? kMaxFakeDevices : deviceCount);
    fakeDeviceType = deviceType;
    fakeCreateSucceeds = createSucceeds;
}

EBTestFakeStats EBTestFakeGetStats(void) { return stats; }

// MARK: - Device listing (one block: the array, then the strings, as libedgetpu allocates it)

static EBEdgeTPUDevice *FakeListDevices(size_t *count) {
    stats.listCalls++;
    *count = 0;
    if (fakeDeviceCount == 0) return NULL;
    const size_t pathCapacity = 64;
    size_t arrayBytes = sizeof(EBEdgeTPUDevice) * (size_t)fakeDeviceCount;
    char *memory = calloc(1, arrayBytes + pathCapacity * (size_t)fakeDeviceCount);
    if (memory == NULL) return NULL;
    EBEdgeTPUDevice *devices = (EBEdgeTPUDevice *)(void *)memory;
    for (int32_t index = 0; index < fakeDeviceCount; index++) {
        char *path = memory + arrayBytes + pathCapacity * (size_t)index;
        if (fakeDeviceType == EB_EDGETPU_DEVICE_USB) {
            snprintf(path, pathCapacity, "/sys/bus/usb/devices/9-%d", index + 1);
        } else {
            snprintf(path, pathCapacity, "/dev/apex_%d", index);
        }
        devices[index].type = fakeDeviceType;
        devices[index].path = path;
    }
    *count = (size_t)fakeDeviceCount;
    return devices;
}

static void FakeFreeDevices(EBEdgeTPUDevice *devices) { free(devices); }

// MARK: - The FULLY_CONNECTED kernel

typedef struct FakeKernel {
    int input, weights, bias, output;
    int activation;  // TfLiteFusedActivation: 0 none, 1 relu, 2 relu_n1_to_1, 3 relu6
} FakeKernel;

static void *KernelInit(EBTfLiteContext *context, const char *buffer, size_t length) {
    (void)length;
    const EBTfLiteDelegateParams *params = (const EBTfLiteDelegateParams *)(const void *)buffer;
    if (params == NULL || params->nodesToReplace == NULL || params->nodesToReplace->size != 1) return NULL;
    EBTfLiteNode *node = NULL;
    EBTfLiteRegistration *registration = NULL;
    if (context->GetNodeAndRegistration(context, params->nodesToReplace->data[0], &node, &registration) != 0) return NULL;
    if (node == NULL || node->inputs == NULL || node->outputs == NULL || node->inputs->size < 2 || node->outputs->size < 1) {
        return NULL;
    }
    FakeKernel *kernel = calloc(1, sizeof *kernel);
    if (kernel == NULL) return NULL;
    kernel->input = node->inputs->data[0];
    kernel->weights = node->inputs->data[1];
    kernel->bias = node->inputs->size > 2 ? node->inputs->data[2] : -1;
    kernel->output = node->outputs->data[0];
    // TfLiteFullyConnectedParams starts with the fused activation.
    kernel->activation = node->builtinData != NULL ? *(const int *)node->builtinData : 0;
    stats.kernelInits++;
    return kernel;
}

static void KernelFree(EBTfLiteContext *context, void *buffer) {
    (void)context;
    if (buffer != NULL) stats.kernelFrees++;
    free(buffer);
}

static EBTfLiteStatus KernelPrepare(EBTfLiteContext *context, EBTfLiteNode *node) {
    (void)context;
    return node->userData != NULL ? 0 : 1;
}

static const EBTfLiteTensor *TensorAt(EBTfLiteContext *context, int index) {
    if (index < 0 || (size_t)index >= context->tensorsSize) return NULL;
    return &context->tensors[index];
}

static EBTfLiteStatus KernelInvoke(EBTfLiteContext *context, EBTfLiteNode *node) {
    const FakeKernel *kernel = node->userData;
    if (kernel == NULL) return 1;
    const EBTfLiteTensor *input = TensorAt(context, kernel->input);
    const EBTfLiteTensor *weights = TensorAt(context, kernel->weights);
    const EBTfLiteTensor *bias = kernel->bias >= 0 ? TensorAt(context, kernel->bias) : NULL;
    const EBTfLiteTensor *output = TensorAt(context, kernel->output);
    if (input == NULL || weights == NULL || output == NULL) return 1;
    if (input->type != kTypeFloat32 || weights->type != kTypeFloat32 || output->type != kTypeFloat32) return 1;
    if (weights->dims == NULL || weights->dims->size != 2 || input->data == NULL || weights->data == NULL ||
        output->data == NULL) {
        return 1;
    }
    size_t units = (size_t)weights->dims->data[0];
    size_t depth = (size_t)weights->dims->data[1];
    if (units == 0 || depth == 0 || weights->bytes / sizeof(float) < units * depth) return 1;
    size_t batches = input->bytes / sizeof(float) / depth;
    if (batches == 0 || output->bytes / sizeof(float) < batches * units) return 1;
    if (bias != NULL && (bias->type != kTypeFloat32 || bias->data == NULL || bias->bytes / sizeof(float) < units)) {
        return 1;
    }
    const float *in = input->data, *w = weights->data, *b = bias != NULL ? bias->data : NULL;
    float *out = output->data;
    for (size_t batch = 0; batch < batches; batch++) {
        for (size_t unit = 0; unit < units; unit++) {
            float sum = b != NULL ? b[unit] : 0.0f;
            for (size_t i = 0; i < depth; i++) sum += in[batch * depth + i] * w[unit * depth + i];
            switch (kernel->activation) {
            case 1: sum = sum < 0 ? 0 : sum; break;
            case 2: sum = sum < -1 ? -1 : (sum > 1 ? 1 : sum); break;
            case 3: sum = sum < 0 ? 0 : (sum > 6 ? 6 : sum); break;
            default: break;
            }
            out[batch * units + unit] = sum;
        }
    }
    stats.kernelInvokes++;
    return 0;
}

// MARK: - The TF 2.5-layout delegate

// Like libedgetpu's EdgeTpuDelegateForCustomOp: a 48-byte TF 2.5 TfLiteDelegate followed by a shared_ptr
// (two non-NULL words where a newer runtime's TfLiteDelegate has opaque_delegate_builder).
typedef struct FakeEdgeTpuDelegate {
    EBTfLiteDelegate base;
    void *sharedPointer[2];
} FakeEdgeTpuDelegate;

static EBTfLiteStatus FakePrepare(EBTfLiteContext *context, EBTfLiteDelegate *delegate) {
    stats.prepareCalls++;
    stats.prepareSawShim =
        (void (*)(void))context->ReplaceNodeSubsetsWithDelegateKernels == (void (*)(void))EBEdgeTPUShimReplaceFunction();
    EBTfLiteIntArray *plan = NULL;
    if (context->GetExecutionPlan(context, &plan) != 0 || plan == NULL) return 1;
    // Copy the node list: replacing nodes invalidates the plan.
    int count = plan->size;
    int *nodes = calloc((size_t)(count > 0 ? count : 1), sizeof(int));
    if (nodes == NULL) return 1;
    int selected = 0;
    for (int index = 0; index < count; index++) {
        EBTfLiteNode *node = NULL;
        EBTfLiteRegistration *registration = NULL;
        if (context->GetNodeAndRegistration(context, plan->data[index], &node, &registration) != 0) continue;
        if (registration != NULL && registration->builtinCode == kBuiltinFullyConnected) nodes[selected++] = plan->data[index];
    }
    // The registration a TF 2.5 build fills in: 64 bytes, passed by value.
    EBTfLiteRegistrationTF25 registration;
    memset(&registration, 0, sizeof registration);
    registration.init = KernelInit;
    registration.free = KernelFree;
    registration.prepare = KernelPrepare;
    registration.invoke = KernelInvoke;
    registration.customName = "EdgebenchFakeEdgeTpu";
    registration.version = 1;
    EBTfLiteReplaceNodeSubsetsTF25Fn replace =
        (EBTfLiteReplaceNodeSubsetsTF25Fn)(void (*)(void))context->ReplaceNodeSubsetsWithDelegateKernels;
    EBTfLiteStatus status = 0;
    for (int index = 0; index < selected; index++) {
        EBTfLiteIntArray *one = malloc(sizeof(EBTfLiteIntArray) + sizeof(int));
        if (one == NULL) {
            status = 1;
            break;
        }
        one->size = 1;
        one->data[0] = nodes[index];
        stats.replaceCalls++;
        if (replace(context, registration, one, delegate) != 0) stats.replaceFailures++;
        free(one);
    }
    free(nodes);
    return status;
}

static EBTfLiteDelegate *FakeCreateDelegate(int32_t type, const char *name, const EBEdgeTPUOption *options, size_t count) {
    stats.createCalls++;
    stats.lastCreateType = type;
    stats.lastOptionCount = count;
    stats.lastCreateName[0] = '\0';
    stats.lastOptions[0] = '\0';
    if (name != NULL) snprintf(stats.lastCreateName, sizeof stats.lastCreateName, "%s", name);
    for (size_t index = 0; index < count && options != NULL; index++) {
        size_t used = strlen(stats.lastOptions);
        snprintf(stats.lastOptions + used, sizeof stats.lastOptions - used, "%s=%s;", options[index].name,
                 options[index].value);
    }
    if (count > 0 && name == NULL) {
        stats.nullNameWithOptions = true;  // libedgetpu would abort the process here
        return NULL;
    }
    if (!fakeCreateSucceeds) return NULL;
    FakeEdgeTpuDelegate *delegate = calloc(1, sizeof *delegate);
    if (delegate == NULL) return NULL;
    delegate->base.data = delegate;
    delegate->base.Prepare = FakePrepare;
    delegate->base.flags = 1;  // kTfLiteDelegateFlagsAllowDynamicTensors, as libedgetpu sets
    delegate->sharedPointer[0] = delegate;
    delegate->sharedPointer[1] = delegate;
    return &delegate->base;
}

static void FakeFreeDelegate(EBTfLiteDelegate *delegate) {
    stats.deleteCalls++;
    free(delegate);
}

static void FakeVerbosity(int verbosity) { (void)verbosity; }
static const char *FakeVersion(void) { return "BuildLabel(edgebench fake), RuntimeVersion(14)"; }

EBEdgeTPUListDevicesFn EBTestFakeListDevices(void) { return FakeListDevices; }
EBEdgeTPUFreeDevicesFn EBTestFakeFreeDevices(void) { return FakeFreeDevices; }
EBEdgeTPUCreateDelegateFn EBTestFakeCreateDelegate(void) { return FakeCreateDelegate; }
EBEdgeTPUFreeDelegateFn EBTestFakeFreeDelegate(void) { return FakeFreeDelegate; }
EBEdgeTPUVerbosityFn EBTestFakeVerbosity(void) { return FakeVerbosity; }
EBEdgeTPUVersionFn EBTestFakeVersion(void) { return FakeVersion; }

// MARK: - The shim without a runtime

static EBTfLiteRegistration received;
static int receivedCalls = 0;
static bool shimSeen = false;
static int unitFreeCalls = 0;

static EBTfLiteStatus RecordingReplace(EBTfLiteContext *context, EBTfLiteRegistration registration,
                                       const EBTfLiteIntArray *nodes, EBTfLiteDelegate *delegate) {
    (void)context;
    (void)nodes;
    (void)delegate;
    received = registration;
    receivedCalls++;
    return 0;
}

static void UnitInit(void) {}
static EBTfLiteStatus UnitPrepare(EBTfLiteContext *context, EBTfLiteDelegate *delegate) {
    shimSeen = (void (*)(void))context->ReplaceNodeSubsetsWithDelegateKernels == (void (*)(void))EBEdgeTPUShimReplaceFunction();
    EBTfLiteRegistrationTF25 registration;
    memset(&registration, 0, sizeof registration);
    registration.init = (EBTfLiteKernelInitFn)(void (*)(void))UnitInit;
    registration.builtinCode = 42;
    registration.customName = "unit";
    registration.version = 7;
    EBTfLiteIntArray *nodes = malloc(sizeof(EBTfLiteIntArray) + sizeof(int));
    if (nodes == NULL) return 1;
    nodes->size = 1;
    nodes->data[0] = 3;
    EBTfLiteReplaceNodeSubsetsTF25Fn replace =
        (EBTfLiteReplaceNodeSubsetsTF25Fn)(void (*)(void))context->ReplaceNodeSubsetsWithDelegateKernels;
    EBTfLiteStatus status = replace(context, registration, nodes, delegate);
    free(nodes);
    return status;
}
static void UnitFree(EBTfLiteDelegate *delegate) {
    (void)delegate;
    unitFreeCalls++;
}

EBTestShimReport EBTestRunShimUnitCheck(void) {
    EBTestShimReport report;
    memset(&report, 0, sizeof report);
    memset(&received, 0xA5, sizeof received);  // poison: only what the shim writes may remain
    receivedCalls = 0;
    shimSeen = false;
    unitFreeCalls = 0;

    EBTfLiteContext context;
    memset(&context, 0, sizeof context);
    context.ReplaceNodeSubsetsWithDelegateKernels = RecordingReplace;
    EBTfLiteDelegate delegate;
    memset(&delegate, 0, sizeof delegate);
    delegate.Prepare = UnitPrepare;

    if (!EBEdgeTPUAdoptDelegate(&delegate, UnitFree, true)) return report;
    report.prepareWrapped = delegate.Prepare != UnitPrepare && delegate.Prepare != NULL;
    report.prepareStatus = delegate.Prepare(&context, &delegate);
    report.forwarded = receivedCalls == 1;
    report.sawShimDuringPrepare = shimSeen;
    report.headPreserved = received.init == (EBTfLiteKernelInitFn)(void (*)(void))UnitInit && received.free == NULL &&
                           received.prepare == NULL && received.invoke == NULL && received.profilingString == NULL &&
                           received.builtinCode == 42 && received.customName != NULL &&
                           strcmp(received.customName, "unit") == 0 && received.version == 7;
    report.tailZeroed = received.registrationExternal == NULL && received.asyncKernel == NULL && received.inplaceOperator == 0;
    report.contextRestored = context.ReplaceNodeSubsetsWithDelegateKernels == RecordingReplace;

    EBTfLiteRegistrationTF25 stray;
    memset(&stray, 0, sizeof stray);
    report.shimRefusesOutsidePrepare = EBEdgeTPUShimReplaceFunction()(&context, stray, NULL, &delegate) == 1;

    EBEdgeTPUDeleteDelegate(&delegate);
    report.prepareRestored = delegate.Prepare == UnitPrepare;
    report.freeCalled = unitFreeCalls == 1;
    return report;
}
