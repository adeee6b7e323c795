// The Edge TPU accelerator's C side: LiteRT callbacks, device selection, and the TfLiteRegistration ABI shim.
//
// Why C: libedgetpu 16.0 was built on TensorFlow 2.5 and passes a 64-byte TfLiteRegistration *by value* to
// context->ReplaceNodeSubsetsWithDelegateKernels, while LiteRT 2.3.0 reads 88 bytes. The only correct fix is a
// function with the old by-value signature that builds the new struct — C's ABI, not Swift's.
#define _GNU_SOURCE  // dladdr, strdup, strnlen
#include "CEdgeTPU.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(EBTfLiteRegistrationTF25) == 64, "TF 2.5 TfLiteRegistration is 64 bytes");
_Static_assert(sizeof(EBTfLiteRegistration) == 88, "LiteRT 2.3.0 TfLiteRegistration is 88 bytes");
_Static_assert(sizeof(EBTfLiteTensor) == 112, "TfLiteTensor is 112 bytes");
_Static_assert(sizeof(EBTfLiteDelegate) == 48, "TF 2.5 TfLiteDelegate is 48 bytes");
_Static_assert(offsetof(EBTfLiteContext, ReplaceNodeSubsetsWithDelegateKernels) == 64,
               "ReplaceNodeSubsetsWithDelegateKernels is the ninth word of TfLiteContext");

// MARK: - Loader

size_t EBEdgeTPUFileOfSymbol(const void *symbol, char *buffer, size_t capacity) {
    Dl_info info;
    if (symbol == NULL || buffer == NULL || capacity == 0) return 0;
    if (dladdr(symbol, &info) == 0 || info.dli_fname == NULL) return 0;
    size_t length = strlen(info.dli_fname);
    if (length >= capacity) return 0;
    memcpy(buffer, info.dli_fname, length + 1);
    return length;
}

// MARK: - The ABI shim

// LiteRT's ReplaceNodeSubsetsWithDelegateKernels, saved for the duration of a wrapped Prepare on this thread.
static _Thread_local EBTfLiteReplaceNodeSubsetsFn savedReplace = NULL;
static _Atomic uint64_t forwardCount = 0;

// Receives the registration exactly as a TF 2.5 caller passes it, zero-extends it and forwards it.
static EBTfLiteStatus ShimReplace(EBTfLiteContext *context, EBTfLiteRegistrationTF25 old,
                                  const EBTfLiteIntArray *nodesToReplace, EBTfLiteDelegate *delegate) {
    EBTfLiteReplaceNodeSubsetsFn forward = savedReplace;
    if (forward == NULL) return 1;  // called outside a wrapped Prepare: refuse rather than guess
    EBTfLiteRegistration registration;
    memset(&registration, 0, sizeof registration);
    registration.init = old.init;
    registration.free = old.free;
    registration.prepare = old.prepare;
    registration.invoke = old.invoke;
    registration.profilingString = old.profilingString;
    registration.builtinCode = old.builtinCode;
    registration.customName = old.customName;
    registration.version = old.version;
    atomic_fetch_add(&forwardCount, 1);
    return forward(context, registration, nodesToReplace, delegate);
}

EBTfLiteReplaceNodeSubsetsTF25Fn EBEdgeTPUShimReplaceFunction(void) { return ShimReplace; }
uint64_t EBEdgeTPUShimForwardCount(void) { return atomic_load(&forwardCount); }

// Delegates handed to LiteRT: the original Prepare (NULL when not wrapped) and libedgetpu's free function.
// LiteRtWrapDelegate's deleter receives only the delegate, and two libedgetpu builds may be loaded at once,
// so the pairing is kept here, keyed by the delegate's address.
typedef struct AdoptedDelegate {
    EBTfLiteDelegate *delegate;
    EBTfLiteDelegatePrepareFn originalPrepare;
    EBEdgeTPUFreeDelegateFn freeDelegate;
    EBEdgeTPUAcceleratorContext *owner;  // may be NULL
    struct AdoptedDelegate *next;
} AdoptedDelegate;

static pthread_mutex_t adoptedLock = PTHREAD_MUTEX_INITIALIZER;
static AdoptedDelegate *adopted = NULL;

static EBTfLiteDelegatePrepareFn OriginalPrepare(EBTfLiteDelegate *delegate) {
    EBTfLiteDelegatePrepareFn prepare = NULL;
    pthread_mutex_lock(&adoptedLock);
    for (AdoptedDelegate *entry = adopted; entry != NULL; entry = entry->next) {
        if (entry->delegate == delegate) {
            prepare = entry->originalPrepare;
            break;
        }
    }
    pthread_mutex_unlock(&adoptedLock);
    return prepare;
}

// Runs the delegate's own Prepare with the shim in place of ReplaceNodeSubsetsWithDelegateKernels.
static EBTfLiteStatus TrampolinePrepare(EBTfLiteContext *context, EBTfLiteDelegate *delegate) {
    EBTfLiteDelegatePrepareFn prepare = OriginalPrepare(delegate);
    if (prepare == NULL || context == NULL) return 1;
    EBTfLiteReplaceNodeSubsetsFn runtimeReplace = context->ReplaceNodeSubsetsWithDelegateKernels;
    EBTfLiteReplaceNodeSubsetsFn outer = savedReplace;
    savedReplace = runtimeReplace;
    // The caller calls it with the TF 2.5 signature, which is ShimReplace's real type.
    context->ReplaceNodeSubsetsWithDelegateKernels = (EBTfLiteReplaceNodeSubsetsFn)(void (*)(void))ShimReplace;
    EBTfLiteStatus status = prepare(context, delegate);
    context->ReplaceNodeSubsetsWithDelegateKernels = runtimeReplace;
    savedReplace = outer;
    return status;
}

static void NoteDelegateGone(EBEdgeTPUAcceleratorContext *owner);
static AdoptedDelegate *AdoptInternal(EBTfLiteDelegate *delegate, EBEdgeTPUFreeDelegateFn freeDelegate, bool applyShim,
                                      EBEdgeTPUAcceleratorContext *owner) {
    if (delegate == NULL) return NULL;
    AdoptedDelegate *entry = calloc(1, sizeof *entry);
    if (entry == NULL) return NULL;
    entry->delegate = delegate;
    entry->freeDelegate = freeDelegate;
    entry->owner = owner;
    // A NULL Prepare would make a newer runtime treat the delegate as opaque and read past libedgetpu's object.
    if (applyShim && delegate->Prepare != NULL) {
        entry->originalPrepare = delegate->Prepare;
    }
    pthread_mutex_lock(&adoptedLock);
    entry->next = adopted;
    adopted = entry;
    if (entry->originalPrepare != NULL) delegate->Prepare = TrampolinePrepare;
    pthread_mutex_unlock(&adoptedLock);
    return entry;
}

bool EBEdgeTPUAdoptDelegate(EBTfLiteDelegate *delegate, EBEdgeTPUFreeDelegateFn freeDelegate, bool applyShim) {
    return AdoptInternal(delegate, freeDelegate, applyShim, NULL) != NULL;
}

void EBEdgeTPUDeleteDelegate(EBTfLiteDelegate *delegate) {
    if (delegate == NULL) return;
    AdoptedDelegate *found = NULL;
    pthread_mutex_lock(&adoptedLock);
    for (AdoptedDelegate **link = &adopted; *link != NULL; link = &(*link)->next) {
        if ((*link)->delegate == delegate) {
            found = *link;
            *link = found->next;
            // Under the lock: ReleaseContext clears owners under it before freeing a context.
            if (found->owner != NULL) NoteDelegateGone(found->owner);
            break;
        }
    }
    pthread_mutex_unlock(&adoptedLock);
    if (found == NULL) return;  // not ours: never free what we cannot pair with its library
    if (found->originalPrepare != NULL) delegate->Prepare = found->originalPrepare;
    if (found->freeDelegate != NULL) found->freeDelegate(delegate);
    free(found);
}

// MARK: - The accelerator context

struct EBEdgeTPUAcceleratorContext {
    EBEdgeTPUFunctions functions;
    int32_t deviceType;
    int32_t deviceIndex;
    EBEdgeTPUOption *options;
    size_t optionCount;
    bool applyShim;
    _Atomic int32_t liveDelegates;
    // Outcome of the last delegate creation.
    EBEdgeTPUOutcome outcome;
    EBETStatus wrapStatus;
    char listedDevices[EB_EDGETPU_DETAIL_CAPACITY];
    char chosenDevice[EB_EDGETPU_DETAIL_CAPACITY];
    EBETWrapDelegateFn wrapDelegate;
};

static void NoteDelegateGone(EBEdgeTPUAcceleratorContext *owner) { atomic_fetch_sub(&owner->liveDelegates, 1); }

static void FreeOptions(EBEdgeTPUOption *options, size_t count) {
    if (options == NULL) return;
    for (size_t index = 0; index < count; index++) {
        free((void *)options[index].name);
        free((void *)options[index].value);
    }
    free(options);
}

EBEdgeTPUAcceleratorContext *EBEdgeTPUAcceleratorContextCreate(EBEdgeTPUFunctions functions, int32_t deviceType,
                                                               int32_t deviceIndex, const EBEdgeTPUOption *options,
                                                               size_t optionCount, bool applyShim) {
    EBEdgeTPUAcceleratorContext *context = calloc(1, sizeof *context);
    if (context == NULL) return NULL;
    context->functions = functions;
    context->deviceType = deviceType;
    context->deviceIndex = deviceIndex;
    context->applyShim = applyShim;
    if (optionCount > 0) {
        context->options = calloc(optionCount, sizeof *context->options);
        if (context->options == NULL) {
            free(context);
            return NULL;
        }
        context->optionCount = optionCount;
        for (size_t index = 0; index < optionCount; index++) {
            const char *name = options[index].name ? options[index].name : "";
            const char *value = options[index].value ? options[index].value : "";
            context->options[index].name = strdup(name);
            context->options[index].value = strdup(value);
            if (context->options[index].name == NULL || context->options[index].value == NULL) {
                FreeOptions(context->options, optionCount);
                free(context);
                return NULL;
            }
        }
    }
    return context;
}

void EBEdgeTPUAcceleratorContextDestroy(EBEdgeTPUAcceleratorContext *context) {
    if (context == NULL) return;
    FreeOptions(context->options, context->optionCount);
    free(context);
}

void EBEdgeTPUAcceleratorContextResetOutcome(EBEdgeTPUAcceleratorContext *context) {
    context->outcome = EB_EDGETPU_OUTCOME_NONE;
    context->wrapStatus = EB_ET_STATUS_OK;
    context->listedDevices[0] = '\0';
    context->chosenDevice[0] = '\0';
}

EBEdgeTPUOutcome EBEdgeTPUAcceleratorContextOutcome(const EBEdgeTPUAcceleratorContext *context) { return context->outcome; }
const char *EBEdgeTPUAcceleratorContextListedDevices(const EBEdgeTPUAcceleratorContext *context) {
    return context->listedDevices;
}
const char *EBEdgeTPUAcceleratorContextChosenDevice(const EBEdgeTPUAcceleratorContext *context) {
    return context->chosenDevice;
}
EBETStatus EBEdgeTPUAcceleratorContextWrapStatus(const EBEdgeTPUAcceleratorContext *context) { return context->wrapStatus; }
int32_t EBEdgeTPUAcceleratorContextLiveDelegates(const EBEdgeTPUAcceleratorContext *context) {
    return atomic_load(&((EBEdgeTPUAcceleratorContext *)context)->liveDelegates);
}

// Registered accelerators and their contexts. LiteRT's callbacks receive only the accelerator handle, and the
// accelerator struct is private to LiteRT, so the pairing is kept here rather than read from its fields.
typedef struct RegisteredAccelerator {
    EBETAccelerator accelerator;
    EBETEnvironment environment;
    EBEdgeTPUAcceleratorContext *context;
    struct RegisteredAccelerator *next;
} RegisteredAccelerator;

static pthread_mutex_t registeredLock = PTHREAD_MUTEX_INITIALIZER;
static RegisteredAccelerator *registered = NULL;

static EBEdgeTPUAcceleratorContext *ContextOf(EBETAccelerator accelerator) {
    EBEdgeTPUAcceleratorContext *context = NULL;
    pthread_mutex_lock(&registeredLock);
    for (RegisteredAccelerator *entry = registered; entry != NULL; entry = entry->next) {
        if (entry->accelerator == accelerator) {
            context = entry->context;
            break;
        }
    }
    pthread_mutex_unlock(&registeredLock);
    return context;
}

EBEdgeTPUAcceleratorContext *EBEdgeTPUAcceleratorContextOfEnvironment(EBETEnvironment environment) {
    EBEdgeTPUAcceleratorContext *context = NULL;
    pthread_mutex_lock(&registeredLock);
    for (RegisteredAccelerator *entry = registered; entry != NULL; entry = entry->next) {
        if (entry->environment == environment) {
            context = entry->context;
            break;
        }
    }
    pthread_mutex_unlock(&registeredLock);
    return context;
}

// LiteRT's releaseData: the environment is going away (or registration failed).
static void ReleaseContext(void *data) {
    EBEdgeTPUAcceleratorContext *context = data;
    pthread_mutex_lock(&registeredLock);
    for (RegisteredAccelerator **link = &registered; *link != NULL;) {
        if ((*link)->context == context) {
            RegisteredAccelerator *gone = *link;
            *link = gone->next;
            free(gone);
        } else {
            link = &(*link)->next;
        }
    }
    pthread_mutex_unlock(&registeredLock);
    // Compiled models own the delegates and keep the environment alive, so none should remain; if one does,
    // it forgets this context rather than touch freed memory later.
    pthread_mutex_lock(&adoptedLock);
    for (AdoptedDelegate *entry = adopted; entry != NULL; entry = entry->next) {
        if (entry->owner == context) entry->owner = NULL;
    }
    pthread_mutex_unlock(&adoptedLock);
    EBEdgeTPUAcceleratorContextDestroy(context);
}

// MARK: - Accelerator callbacks

static EBETStatus GetName(EBETAccelerator accelerator, const char **name) {
    (void)accelerator;
    if (name == NULL) return EB_ET_STATUS_INVALID_ARGUMENT;
    *name = EB_EDGETPU_ACCELERATOR_NAME;
    return EB_ET_STATUS_OK;
}

static EBETStatus GetVersion(EBETAccelerator accelerator, EBETApiVersion *version) {
    (void)accelerator;
    if (version == NULL) return EB_ET_STATUS_INVALID_ARGUMENT;
    version->major = 1;
    version->minor = 0;
    version->patch = 0;
    return EB_ET_STATUS_OK;
}

// Claims no hardware: LiteRT 2.3.0 skips accelerators claiming NPU unless the model has a DISPATCH_OP, and
// claiming GPU would be a lie that mixes this accelerator up with the real GPU one. With no hardware and no JIT
// flag the accelerator is always applied — so it is registered only in environments made for the Edge TPU.
static EBETStatus GetHardwareSupport(EBETAccelerator accelerator, int32_t *hardware) {
    (void)accelerator;
    if (hardware == NULL) return EB_ET_STATUS_INVALID_ARGUMENT;
    *hardware = 0;
    return EB_ET_STATUS_OK;
}

static EBETStatus IsJit(EBETAccelerator accelerator, bool *doesJit) {
    (void)accelerator;
    if (doesJit == NULL) return EB_ET_STATUS_INVALID_ARGUMENT;
    *doesJit = false;
    return EB_ET_STATUS_OK;
}

static const char *TypeName(int32_t type) {
    switch (type) {
    case EB_EDGETPU_DEVICE_USB: return "usb";
    case EB_EDGETPU_DEVICE_PCI: return "pci";
    default: return "unknown";
    }
}

// Appends "type:path\n" to a fixed buffer, truncating (never overflowing) when it is full.
static void AppendDevice(char *buffer, const EBEdgeTPUDevice *device) {
    size_t used = strnlen(buffer, EB_EDGETPU_DETAIL_CAPACITY - 1);
    size_t room = EB_EDGETPU_DETAIL_CAPACITY - used;
    if (room <= 1) return;
    snprintf(buffer + used, room, "%s:%s\n", TypeName(device->type), device->path ? device->path : "");
}

// Creates a delegate for the device the selector names and hands it to LiteRT. When none can be created the
// status is NotFound, so LiteRtCreateCompiledModel fails at compile time; the reason is kept in the context.
static EBETStatus CreateDelegate(void *runtimeContext, EBETEnvironment environment, EBETAccelerator accelerator,
                                 EBETOptions options, EBETDelegateWrapper *wrapper) {
    (void)runtimeContext;
    (void)environment;
    (void)options;
    if (wrapper == NULL) return EB_ET_STATUS_INVALID_ARGUMENT;
    *wrapper = NULL;
    EBEdgeTPUAcceleratorContext *context = ContextOf(accelerator);
    if (context == NULL) return EB_ET_STATUS_INVALID_ARGUMENT;
    EBEdgeTPUAcceleratorContextResetOutcome(context);

    size_t count = 0;
    EBEdgeTPUDevice *devices = context->functions.listDevices(&count);
    if (devices == NULL) count = 0;
    const EBEdgeTPUDevice *chosen = NULL;
    int32_t matches = 0;
    for (size_t index = 0; index < count; index++) {
        AppendDevice(context->listedDevices, &devices[index]);
        if (chosen != NULL) continue;
        if (context->deviceType >= 0 && devices[index].type != context->deviceType) continue;
        if (devices[index].path == NULL) continue;
        int32_t wanted = context->deviceIndex < 0 ? 0 : context->deviceIndex;
        if (matches++ == wanted) chosen = &devices[index];
    }
    if (chosen == NULL) {
        if (devices != NULL) context->functions.freeDevices(devices);
        context->outcome = EB_EDGETPU_OUTCOME_NO_DEVICE;
        return EB_ET_STATUS_NOT_FOUND;
    }
    AppendDevice(context->chosenDevice, chosen);
    // Always pass the device's path: libedgetpu aborts when options come with a NULL name.
    EBTfLiteDelegate *delegate = context->functions.createDelegate(chosen->type, chosen->path, context->options,
                                                                   context->optionCount);
    context->functions.freeDevices(devices);
    if (delegate == NULL) {
        context->outcome = EB_EDGETPU_OUTCOME_OPEN_FAILED;
        return EB_ET_STATUS_NOT_FOUND;
    }
    if (AdoptInternal(delegate, context->functions.freeDelegate, context->applyShim, context) == NULL) {
        context->functions.freeDelegate(delegate);
        context->outcome = EB_EDGETPU_OUTCOME_OUT_OF_MEMORY;
        return EB_ET_STATUS_MEMORY_ALLOCATION_FAILURE;
    }
    atomic_fetch_add(&context->liveDelegates, 1);
    EBETStatus status = context->wrapDelegate(delegate, EBEdgeTPUDeleteDelegate, wrapper);
    if (status != EB_ET_STATUS_OK || *wrapper == NULL) {
        EBEdgeTPUDeleteDelegate(delegate);
        *wrapper = NULL;
        context->wrapStatus = status != EB_ET_STATUS_OK ? status : EB_ET_STATUS_INVALID_ARGUMENT;
        context->outcome = EB_EDGETPU_OUTCOME_WRAP_FAILED;
        return context->wrapStatus;
    }
    context->outcome = EB_EDGETPU_OUTCOME_CREATED;
    return EB_ET_STATUS_OK;
}

// MARK: - Registration

EBETStatus EBEdgeTPURegisterAccelerator(const EBETRegistrationAPI *api, EBETEnvironment environment,
                                        EBEdgeTPUAcceleratorContext *context, const char **failedFunction,
                                        bool *contextOwnedByLiteRT) {
    const char *unused = NULL;
    if (failedFunction == NULL) failedFunction = &unused;
    bool ownedScratch = false;
    if (contextOwnedByLiteRT == NULL) contextOwnedByLiteRT = &ownedScratch;
    *failedFunction = NULL;
    *contextOwnedByLiteRT = false;
    if (api == NULL || environment == NULL || context == NULL) return EB_ET_STATUS_INVALID_ARGUMENT;
    context->wrapDelegate = api->wrapDelegate;

    EBETAccelerator accelerator = NULL;
    EBETStatus status = api->createAccelerator(&accelerator);
    if (status != EB_ET_STATUS_OK || accelerator == NULL) {
        *failedFunction = "LiteRtCreateAccelerator";
        return status != EB_ET_STATUS_OK ? status : EB_ET_STATUS_MEMORY_ALLOCATION_FAILURE;
    }
#define EB_STEP(call, name)                       \
    status = (call);                              \
    if (status != EB_ET_STATUS_OK) {              \
        *failedFunction = (name);                 \
        api->destroyAccelerator(accelerator);     \
        return status;                            \
    }
    EB_STEP(api->setGetName(accelerator, GetName), "LiteRtSetAcceleratorGetName")
    EB_STEP(api->setGetVersion(accelerator, GetVersion), "LiteRtSetAcceleratorGetVersion")
    EB_STEP(api->setGetHardwareSupport(accelerator, GetHardwareSupport), "LiteRtSetAcceleratorGetHardwareSupport")
    EB_STEP(api->setDelegateFunction(accelerator, CreateDelegate), "LiteRtSetDelegateFunction")
    if (api->setIsJit != NULL) {
        EB_STEP(api->setIsJit(accelerator, IsJit), "LiteRtSetIsAcceleratorDelegateResponsibleForJitCompilation")
    }
#undef EB_STEP

    RegisteredAccelerator *entry = calloc(1, sizeof *entry);
    if (entry == NULL) {
        *failedFunction = "calloc";
        api->destroyAccelerator(accelerator);
        return EB_ET_STATUS_MEMORY_ALLOCATION_FAILURE;
    }
    entry->accelerator = accelerator;
    entry->environment = environment;
    entry->context = context;
    pthread_mutex_lock(&registeredLock);
    entry->next = registered;
    registered = entry;
    pthread_mutex_unlock(&registeredLock);

    // From here LiteRT owns the accelerator and the context (it calls ReleaseContext at once on failure).
    *contextOwnedByLiteRT = true;
    status = api->registerAccelerator(environment, accelerator, context, ReleaseContext);
    if (status != EB_ET_STATUS_OK) *failedFunction = "LiteRtRegisterAccelerator";
    return status;
}
