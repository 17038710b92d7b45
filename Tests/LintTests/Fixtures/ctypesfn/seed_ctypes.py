# The seed post's ctypes route: SciPy names the callable from restype and argtypes.
import ctypes
import os
from scipy import integrate, LowLevelCallable

lib = ctypes.CDLL(os.path.abspath("testlib.so"))
lib.f.restype = ctypes.c_double
lib.f.argtypes = (ctypes.c_int, ctypes.POINTER(ctypes.c_double), ctypes.c_void_p)
c = ctypes.c_double(1.0)
user_data = ctypes.cast(ctypes.pointer(c), ctypes.c_void_p)
func = LowLevelCallable(lib.f, user_data)
dat = [[0, 10], [-10, 0], [-1, 1]]
integrate.nquad(func, dat)

lib.g.restype = ctypes.c_double
lib.g.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_float), ctypes.c_void_p]
integrate.nquad(LowLevelCallable(lib.g, user_data), dat)  # error: [TL206]

lib.h.argtypes = (ctypes.c_double,)
integrate.quad(LowLevelCallable(lib.h), 0, 1)  # error: [TL206]
integrate.quad(LowLevelCallable(lib.h, signature="double (double)"), 0, 1)  # error: [TL205]
lib.k.restype = ctypes.c_float
lib.k.argtypes = (ctypes.c_double,)
integrate.quad(LowLevelCallable(lib.k, signature="double (double)"), 0, 1)  # error: [TL205]

proto = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_int, ctypes.POINTER(ctypes.c_double))
nd = proto(("nd", lib))
integrate.nquad(LowLevelCallable(nd), dat)
integrate.nquad(LowLevelCallable(ctypes.cast(lib.anything, proto)), dat)
ndfloat = ctypes.CFUNCTYPE(ctypes.c_float, ctypes.c_int, ctypes.POINTER(ctypes.c_double))(("x", lib))
integrate.nquad(LowLevelCallable(ndfloat), dat)  # error: [TL206]


@ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)
def py_integrand(x):
    return x * x


integrate.quad(LowLevelCallable(py_integrand), 0, 1)
integrate.quad(LowLevelCallable(py_integrand, signature="double (double, void *)"), 0, 1)  # error: [TL204]
