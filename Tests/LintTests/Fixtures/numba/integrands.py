# SciPy's documented Numba route: @cfunc and LowLevelCallable(f.ctypes).
import numpy as np
import scipy.integrate as si
from numba import cfunc, types
from numba.types import intc, CPointer, float64, float32
from scipy import LowLevelCallable, ndimage


@cfunc(float64(intc, CPointer(float64)))
def integrand(n, xx):
    return xx[0] + xx[1]


@cfunc("float64(float64, voidptr)")
def scaled(x, data):
    return x


@cfunc(types.float32(types.float32))
def single(x):
    return x


@cfunc(types.intc(types.CPointer(types.float64), types.intp, types.CPointer(types.float64), types.voidptr))
def filt(values, size, result, data):
    result[0] = values[0]
    return 1


si.nquad(LowLevelCallable(integrand.ctypes), [[0, 1], [0, 1]])
si.quad(LowLevelCallable(scaled.ctypes), 0, 1)
si.quad(LowLevelCallable(single.ctypes), 0, 1)  # error: [TL206]
ndimage.generic_filter(np.zeros((3, 3)), LowLevelCallable(filt.ctypes), size=2)
ndimage.generic_filter(np.zeros((3, 3)), LowLevelCallable(integrand.ctypes), size=2)  # error: [TL206]
si.quad(LowLevelCallable(single.ctypes, signature="double (double)"), 0, 1)  # error: [TL203] [TL205]
