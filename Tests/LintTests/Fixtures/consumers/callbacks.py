#pythran export capsule integrand(int32, float64*)
def integrand(n, x):
    return x[0]

#pythran export capsule mapping(int64*, float64*, int32, int32, float64*)
def mapping(out, inp, orank, irank, u):
    for i in range(irank):
        inp[i] = out[i] - u[0]
    return 1

#pythran export capsule filt(float64*, int64, float64*, float64*)
def filt(buf, n, out, u):
    out[0] = buf[0]
    return 1
