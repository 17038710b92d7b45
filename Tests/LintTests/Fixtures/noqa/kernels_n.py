#pythran export capsule f(int32, float64*, float64*)
def f(n, x, cp):
    return cp[0]
