/* The CClang target only declares libclang's functions; they live in Debian's libclang-14. */
#include "CClang.h"
