#pythran export alias(float64[])
def alias(a):
    w = a
    w[0] = 42.0
    return w[0]

#pythran export direct(uint8[])
def direct(a):
    a[0] = 7
    return 0

#pythran export reads(float64[])
def reads(a):
    return a[0]

def store(v):
    v[0] = 1.0
    return 0

#pythran export via_callee(float64[])
def via_callee(a):
    w = a
    return store(w)

#pythran export widen(int)
def widen(a):
    a += 0.5
    return a

#pythran export big(int)
def big(a):
    a = 1e300
    return a

#pythran export fd(int)
def fd(x):
    return x // -1

#pythran export through_branch(float64[], float64[], bool)
def through_branch(a, b, first):
    w = b
    if first:
        w = a
    w[0] = 5.0
    return 0

#pythran export in_place(float64[])
def in_place(a):
    v = a
    v += 1.0
    return 0

#pythran export widen_int32(int32, float)
def widen_int32(a, x):
    a = a * x
    return a

#pythran export widen_complex(float)
def widen_complex(a):
    a = a + 1j
    return a

#pythran export keeps_int(int)
def keeps_int(a):
    a = a + 1
    return a

#pythran export wrap_min(int)
def wrap_min(x):
    return (x // -1, x % -1, -x, abs(x))

#pythran export zero_step(int, int)
def zero_step(start, stop):
    total = 0
    for i in range(start, stop, 0):
        total += i
    return total
