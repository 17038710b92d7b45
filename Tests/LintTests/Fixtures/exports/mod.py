#pythran export missing(int)  # error: [TL002]
#pythran export capsule over(float64 or float32)  # error: [TL101]
#pythran export capsule twice(float64)
#pythran export capsule twice(float32)  # error: [TL101]
#pythran export capsule arr(float64[], int)  # error: [TL102]
#pythran export ptr(float64*)  # error: [TL103]
#pythran export arity(int, int)  # error: [TL003]
#pythran export capsule raiser(float64)
#pythran export capsule ret(float64*, int64, float64*, float64*)
#pythran export capsule noret(float64*, int64, float64*, float64*)
#pythran export capsule ok(float64*, int64, float64*, float64*)
#pythran export export(int32 int32)  # error: [TL001]
#pythran exprot ok(int32)  # error: [TL001]
#pythran export plain(int) g(float)  # warning: [TL001]
# pythran reads comments starting with 'pythran' as directives  # error: [TL001]
N = 3


def plain(x):
    return x


def over(x):
    return x


def twice(x):
    return x


def arr(a, n):
    return 1.0


def ptr(p):
    return 1


def arity(a):
    return a


def raiser(x):
    if x < 0:
        raise ValueError("negative")  # warning: [TL104]
    return x


def ret(buf, n, out, u):  # error: [TL205]
    return 0.5


def noret(buf, n, out, u):  # error: [TL205]
    out[0] = buf[0]


def ok(buf, n, out, u):
    out[0] = buf[0] + N
    return 1
