#pythran export capsule reads_double(int32, float64*, float64*)
def reads_double(n, x, u):
    return u[0] + x[0]

#pythran export capsule reads_float(int32, float64*, float32*)
def reads_float(n, x, u):
    return u[0] + x[0]

#pythran export capsule reads_int(float64, int32*)
def reads_int(x, u):
    return x * u[0]
