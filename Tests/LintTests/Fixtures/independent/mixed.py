# Exports thranc cannot compile yet (a 2-D array, an unsupported construct) beside capsules: the capsules are
# still checked, as in SciPy's scipy/interpolate/_rbfinterp_pythran.py.
import numpy as np


# pythran export capsule linear(float64)
def linear(r):
    if r < 0:
        raise ValueError("negative radius")  # warning: [TL104]
    return -r


# pythran export capsule truncating(int64*, float64*, int32, int32, float64*)
def truncating(o, i, orank, irank, u):  # error: [TL205]
    return 1.5


# pythran export _kernel_matrix(float[:, :], float(float))
def _kernel_matrix(x, kernel_func):
    return kernel_func(x[0, 0])


# pythran export _polynomial_matrix(float[:, :], int64[:, :])
def _polynomial_matrix(x, powers):
    return x[0, 0]


# pythran export helper(float64)
def helper(x):
    f = lambda: x
    return x


# A capsule whose analysis failed (it calls a function thranc cannot compile) is not checked: its inferred
# types are not reliable.
# pythran export capsule uses_helper(float64)
def uses_helper(x):
    if x < 0:
        raise ValueError("negative")
    return helper(x)
