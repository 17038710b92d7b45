"""Kernels exercising the compiled subset; each is checked against CPython on random inputs."""
import math
from math import sqrt, floor

N = 10
SCALE = 2.5
OFFSET = -3

#pythran export floordiv_mod(int, int)
def floordiv_mod(a, b):
    return a // b, a % b

#pythran export float_floordiv_mod(float, float)
def float_floordiv_mod(a, b):
    return a // b, a % b

#pythran export true_div(int, int)
def true_div(a, b):
    return a / b

#pythran export power(int, int)
#pythran export power(float, int)
#pythran export power(float, float)
def power(a, b):
    return a ** b

#pythran export chained(float, float, float)
def chained(a, b, c):
    return a < b <= c, a == b != c, not (a > c)

#pythran export logic(int, int)
def logic(a, b):
    x = a and b
    y = a or b
    z = (a > 0) and (b > 0)
    return x, y, z

#pythran export loops(int)
def loops(n):
    s = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        if i > 50:
            break
        s += i * i
    for j in range(n, 0, -2):
        s -= j
    k = 0
    while k < n:
        k += 7
    return s, k, i

#pythran export steps(int, int, int)
def steps(a, b, c):
    t = 0
    for i in range(a, b, c):
        t = t * 3 + i
    return t

#pythran export mathy(float)
def mathy(x):
    y = abs(x) + 1.0
    return sqrt(y) + math.exp(-y) + math.log(y) + math.sin(x) * math.cos(x) + math.atan2(x, 2.0) + math.pi

#pythran export minmax(float, float, int)
def minmax(a, b, n):
    return min(a, b), max(a, b, n), min(n, 3), max(-n, n)

#pythran export conversions(float)
def conversions(x):
    return int(x), float(int(x)), bool(x), round(x), floor(x), math.ceil(x), math.trunc(x)

#pythran export helper_calls(int, float)
def helper_calls(n, x):
    return twice(n) + twice(x) + poly(x, n)

def twice(v):
    return v + v

def poly(x, n):
    r = 0.0
    for k in range(n):
        r = r * x + k
    return r

#pythran export constants(float)
def constants(x):
    return x * SCALE + N + OFFSET

#pythran export ifexp(int)
def ifexp(n):
    return n if n > 0 else -n

#pythran export tuples(int, float)
def tuples(a, b):
    x, y = b, a
    x, y = y, x
    t = (a, b)
    return t[0] + t[1] + x - y

#pythran export bits(int, int)
def bits(a, b):
    return a & b, a | b, a ^ b, ~a, a << 3, a >> 2

#pythran export complex_ops(complex, complex)
def complex_ops(a, b):
    c = a * b + a - b
    return c, abs(a), c.real, c.imag

#pythran export int32_wrap(int32, int32)
def int32_wrap(a, b):
    return a * b + 1

#pythran export isum(int)
def isum(n):
    total = 0
    i = 0
    while True:
        i += 1
        if i > n:
            break
        total += i
    return total

#pythran export checked(float)
def checked(x):
    if x < 0:
        raise ValueError("x must be non-negative")
    return sqrt(x)

#pythran export asserted(int)
def asserted(n):
    assert n != 3, "three is not allowed"
    return n * 2

#pythran export overloaded(int)
#pythran export overloaded(float)
#pythran export overloaded(int, int)
def overloaded(a, b=1):
    return a * b

#pythran export boolean(bool, bool)
def boolean(a, b):
    return a + b, a and b, not a

#pythran export tuple_arg((int, float))
def tuple_arg(t):
    return t[0] * t[1]

#pythran export nothing(int)
def nothing(n):
    x = n + 1

#pythran export mixed_kinds(int, float)
def mixed_kinds(n, x):
    s = 0
    for i in range(n):
        s += x
    return s

#pythran export to_int(float)
def to_int(x):
    return int(x) + round(x) + math.floor(x)

#pythran export optional(int, float?)
def optional(a, scale=0.5):
    return a * scale

#pythran export search(int, int)
def search(n, target):
    found = -1
    for i in range(n):
        for j in range(3):
            if j == 2:
                break
        if i * i == target:
            found = i
            break
    else:
        found = -2
    k = 0
    while k < n:
        k += 3
        if k == target:
            break
    else:
        k = -k
    return found, k
