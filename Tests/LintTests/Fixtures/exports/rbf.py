# SciPy main's scipy/interpolate/_rbfinterp_pythran.py exports: every line is valid Pythran, so no TL001.
# pythran export capsule linear(float64)
def linear(r):
    return -r


# pythran export _kernel_matrix(float[:, :], float(float))
def _kernel_matrix(x, kernel_func):
    return kernel_func(x[0, 0])


# pythran export _build_system_with_kernel(float[:, :],
#                                          float[:],
#                                          float64(float64),
#                                          int)
def _build_system_with_kernel(y, d, kernel_func, degree):
    return kernel_func(d[0]) + degree
