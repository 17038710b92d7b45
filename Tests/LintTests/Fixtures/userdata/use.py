import ctypes
from ctypes import c_double, c_float, c_void_p, cast, pointer
import numpy as np
from scipy import LowLevelCallable
from kernels import reads_double, reads_float, reads_int

d = c_double(2.0)
fl = c_float(2.0)
i = ctypes.c_int(3)
pd = cast(pointer(d), c_void_p)
pf = cast(pointer(fl), c_void_p)
pi = ctypes.cast(ctypes.pointer(i), ctypes.c_void_p)

ok1 = LowLevelCallable(reads_double, pd)
ok2 = LowLevelCallable(reads_float, pf)
ok3 = LowLevelCallable(reads_int, pi)
bad1 = LowLevelCallable(reads_double, pf)  # error: [TL207]
bad2 = LowLevelCallable(reads_float, pd)  # error: [TL207]
bad3 = LowLevelCallable(reads_int, pd)  # error: [TL207]
bad4 = LowLevelCallable(reads_double, pointer(d))  # error: [TL207]
bad5 = LowLevelCallable(reads_double, ctypes.byref(d))  # error: [TL207]
arr32 = np.zeros(4, dtype=np.float32)
arr64 = np.ones(4)
bad6 = LowLevelCallable(reads_double, arr32.ctypes.data_as(ctypes.c_void_p))  # error: [TL207]
ok4 = LowLevelCallable(reads_double, arr64.ctypes.data_as(ctypes.c_void_p))
bad7 = LowLevelCallable(reads_double, user_data=arr64)  # error: [TL207]
ok5 = LowLevelCallable(reads_double, user_data=None)


def later(p):
    # A parameter could be anything: say nothing.
    return LowLevelCallable(reads_double, p)


d2 = c_double(1.0)
before = LowLevelCallable(reads_double, cast(pointer(d2), c_void_p))
d2 = c_float(1.0)
after = LowLevelCallable(reads_double, cast(pointer(d2), c_void_p))  # error: [TL207]

d3 = c_double(1.0)
if d.value > 1.0:
    d3 = c_float(1.0)
unknown = LowLevelCallable(reads_double, cast(pointer(d3), c_void_p))


def inside():
    # A module name bound twice, read from a function that runs later: say nothing.
    return LowLevelCallable(reads_double, cast(pointer(d2), c_void_p))

params = (ctypes.c_double * 2)(1.0, 2.0)
ok6 = LowLevelCallable(reads_double, ctypes.cast(params, ctypes.c_void_p))
fparams = (c_float * 2)(1.0, 2.0)
bad8 = LowLevelCallable(reads_double, ctypes.cast(fparams, ctypes.c_void_p))  # error: [TL207]
addr = LowLevelCallable(reads_double, ctypes.c_void_p(ctypes.addressof(fl)))

coefficients = np.array([1.0, -2.5, 3.0])
ok8 = LowLevelCallable(reads_double, coefficients.ctypes.data_as(ctypes.c_void_p))
counts = np.array([1, 2, 3])
bad10 = LowLevelCallable(reads_double, counts.ctypes.data_as(ctypes.c_void_p))  # error: [TL207]
steps_ = np.arange(4)
bad11 = LowLevelCallable(reads_int, steps_.ctypes.data_as(ctypes.c_void_p))  # error: [TL207]
ok9 = LowLevelCallable(reads_int, np.arange(4, dtype=np.int32).ctypes.data_as(ctypes.c_void_p))

# Statement order, not line order: the second binding on a line holds for a use after it on that line.
d4 = c_float(1.0)
d4 = c_double(1.0); ok10 = LowLevelCallable(reads_double, cast(pointer(d4), c_void_p))
d5 = c_double(1.0)
d5 = c_float(1.0); bad12 = LowLevelCallable(reads_double, cast(pointer(d5), c_void_p))  # error: [TL207]
d6 = c_double(1.0)
d6 = c_float(d6.value); bad13 = LowLevelCallable(reads_double, cast(pointer(d6), c_void_p))  # error: [TL207]
