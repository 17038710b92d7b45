# The seed post's own usage: must stay silent.
import ctypes
import numpy as np
from scipy import LowLevelCallable, integrate, ndimage
import testlib
from example import transform, transform_basic

c = ctypes.c_double(1.0)
user_data = ctypes.cast(ctypes.pointer(c), ctypes.c_void_p)
func = LowLevelCallable(testlib.f, user_data, signature="double (int, double *, void *)")
dat = [[0, 10], [-10, 0], [-1, 1]]
integrate.nquad(func, dat)
integrate.nquad(LowLevelCallable(testlib.f, user_data), dat)

shift = 0.5
user_data = ctypes.c_double(shift)
ptr = ctypes.cast(ctypes.pointer(user_data), ctypes.c_void_p)
callback = LowLevelCallable(transform, ptr, "int (npy_intp *, double *, int, int, void *)")
im = np.arange(12).reshape(4, 3).astype(np.float64)
print(ndimage.geometric_transform(im, callback))
print(ndimage.geometric_transform(im, LowLevelCallable(transform_basic, ptr)))
