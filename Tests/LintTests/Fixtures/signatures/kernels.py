#pythran export capsule f(int32, float64*, float64*)
def f(n, x, cp):
    return cp[0] + x[0] - x[1] * x[2]

#pythran export capsule g(float64)
def g(x):
    return x * x

#pythran export capsule narrow(float32)  # error: [TL203]
def narrow(x):
    return x
