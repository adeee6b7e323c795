// CLiteRT has no code of its own today: LiteRT is loaded with dlopen and every entry point is
// resolved by the Swift module `LiteRT`. This file exists because a C target needs a source.
#include "CLiteRT.h"
