import scipy
from scipy import LowLevelCallable as LLC
from kernels import f, g, narrow

a = LLC(f, None, "double (int,double *,void *)")  # error: [TL201]
b = LLC(f, signature="double(int, double*, void*)")  # error: [TL201]
c = LLC(f, signature="double (int, double *, void *) ")  # error: [TL201]
d = LLC(f, signature="double (int n, double *x, void *u)")  # error: [TL202]
e = LLC(f, signature="double (const int, double *, void *)")  # error: [TL202]
h = LLC(g, signature="double (float)")  # error: [TL202] [TL203]
i = LLC(g, signature="double (double, void *)")  # error: [TL204]
j = LLC(narrow, signature="double (double)")  # error: [TL203]
k = scipy.LowLevelCallable(g, signature="double (double)")
sig = "double (int, double *, void *)"
m = LLC(f, None, sig)
import mycython
n = LLC.from_cython(mycython, "f", None, "double (int,double *,void *)")  # error: [TL201]
o = scipy.LowLevelCallable.from_cython(mycython, "f", signature="double (int, double *, void *)")
