"""Regular exports over contiguous 1-D arrays (NumPy arrays, array.array, memoryview)."""

#pythran export total(float64[])
#pythran export total(int64[])
#pythran export total(int32[])
def total(v):
    s = 0
    for i in range(len(v)):
        s += v[i]
    return s

#pythran export scale(float64[], float)
def scale(v, k):
    v[:] = v * k

#pythran export dot(float64[], float64[])
def dot(a, b):
    s = 0.0
    for i in range(len(a)):
        s += a[i] * b[i]
    return s

#pythran export last(float32[])
def last(v):
    return v[-1]

#pythran export axpy(float, float64[], float64[])
def axpy(alpha, x, y):
    y[:] = y + alpha * x
    return len(y)
