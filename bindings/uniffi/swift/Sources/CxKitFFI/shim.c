/* SwiftPM builds a C target only if it has a source file; the FFI itself
 * is the header in include/ and the Rust library libcxkit_uniffi. */
#include "cxkit_uniffiFFI.h"
