/* thran runtime: helpers with Python's semantics for compiled functions. Part of every generated module. */
#include <math.h>
#include <stdint.h>
#include <complex.h>

#if defined(__GNUC__)
#define THRAN_HIDDEN __attribute__((visibility("hidden")))
#define THRAN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define THRAN_INLINE static inline __attribute__((always_inline))
#else
#define THRAN_HIDDEN
#define THRAN_UNLIKELY(x) (x)
#define THRAN_INLINE static inline
#endif

/* A pending exception. The entry point (capsule or Python wrapper) owns one on its stack and passes its
   address to every function that can raise: no thread-local lookups on the fast path. Capsules run without
   the GIL, so nothing here touches Python objects until the error reaches the entry point. */
typedef struct {
  PyObject *type;
  const char *message;
} thran_error;

THRAN_INLINE void thran_raise(thran_error *e, PyObject *type, const char *message) {
  e->type = type;
  e->message = message;
}

#define THRAN_CHECK() \
  do { if (THRAN_UNLIKELY(thran_e->type != NULL)) goto thran_fail; } while (0)

/* Converts a pending error to a Python exception; takes the GIL because a capsule may not hold it. */
static void thran_publish_error(const thran_error *e) {
  PyGILState_STATE gil = PyGILState_Ensure();
  if (e->message != NULL) {
    PyErr_SetString(e->type, e->message);
  } else {
    PyErr_SetNone(e->type);
  }
  PyGILState_Release(gil);
}

/* Python's floor division and modulo: the result takes the sign of the divisor. */
THRAN_INLINE int64_t thran_floordiv_i64(thran_error *e, int64_t a, int64_t b) {
  if (THRAN_UNLIKELY(b == 0)) {
    thran_raise(e, PyExc_ZeroDivisionError, "integer division or modulo by zero");
    return 0;
  }
  if (THRAN_UNLIKELY(b == -1)) return (int64_t)(0 - (uint64_t)a); /* INT64_MIN // -1 wraps as NumPy does */
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q -= 1;
  return q;
}

THRAN_INLINE int64_t thran_mod_i64(thran_error *e, int64_t a, int64_t b) {
  if (THRAN_UNLIKELY(b == 0)) {
    thran_raise(e, PyExc_ZeroDivisionError, "integer division or modulo by zero");
    return 0;
  }
  if (THRAN_UNLIKELY(b == -1)) return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

THRAN_INLINE uint64_t thran_floordiv_u64(thran_error *e, uint64_t a, uint64_t b) {
  if (THRAN_UNLIKELY(b == 0)) {
    thran_raise(e, PyExc_ZeroDivisionError, "integer division or modulo by zero");
    return 0;
  }
  return a / b;
}

THRAN_INLINE uint64_t thran_mod_u64(thran_error *e, uint64_t a, uint64_t b) {
  if (THRAN_UNLIKELY(b == 0)) {
    thran_raise(e, PyExc_ZeroDivisionError, "integer division or modulo by zero");
    return 0;
  }
  return a % b;
}

/* CPython's float_divmod; a zero divisor gives IEEE results as NumPy does. */
THRAN_INLINE double thran_mod_f64(double a, double b) {
  if (THRAN_UNLIKELY(b == 0.0)) return fmod(a, b);
  double m = fmod(a, b);
  if (m != 0.0) {
    if ((b < 0) != (m < 0)) m += b;
  } else {
    m = copysign(0.0, b);
  }
  return m;
}

THRAN_INLINE double thran_floordiv_f64(double a, double b) {
  if (THRAN_UNLIKELY(b == 0.0)) return a / b;
  double m = fmod(a, b);
  double d = (a - m) / b;
  if (m != 0.0 && ((b < 0) != (m < 0))) d -= 1.0;
  double f;
  if (d != 0.0) {
    f = floor(d);
    if (d - f > 0.5) f += 1.0;
  } else {
    f = copysign(0.0, a / b);
  }
  return f;
}

THRAN_INLINE float thran_mod_f32(float a, float b) { return (float)thran_mod_f64(a, b); }
THRAN_INLINE float thran_floordiv_f32(float a, float b) { return (float)thran_floordiv_f64(a, b); }

/* An implicit float-to-int conversion (storing 2.5 into an int64 item): truncation, and INT64_MIN for NaN and
   values out of range, the result x86 and NumPy give, where C would leave it undefined. */
THRAN_INLINE int64_t thran_f2i(double x) {
  return (x >= -9223372036854775808.0 && x < 9223372036854775808.0) ? (int64_t)x : INT64_MIN;
}

/* int(x), round(x), math.floor(x)... of a float: Python's errors where C's conversion is undefined. The argument
   is already integral (truncated, rounded or floored by the caller). */
THRAN_INLINE int64_t thran_float_to_int(thran_error *e, double x) {
  if (THRAN_UNLIKELY(!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))) {
    if (x != x) {
      thran_raise(e, PyExc_ValueError, "cannot convert float NaN to integer");
    } else if (x == HUGE_VAL || x == -HUGE_VAL) {
      thran_raise(e, PyExc_OverflowError, "cannot convert float infinity to integer");
    } else {
      thran_raise(e, PyExc_OverflowError, "int too large to convert to int64");
    }
    return 0;
  }
  return (int64_t)x;
}

/* Integer power by squaring; negative exponents are an error for NumPy integers. */
THRAN_INLINE int64_t thran_pow_i64(thran_error *e, int64_t base, int64_t exponent) {
  if (THRAN_UNLIKELY(exponent < 0)) {
    thran_raise(e, PyExc_ValueError, "Integers to negative integer powers are not allowed.");
    return 0;
  }
  uint64_t result = 1, b = (uint64_t)base;
  uint64_t n = (uint64_t)exponent;
  while (n) {
    if (n & 1) result *= b;
    b *= b;
    n >>= 1;
  }
  return (int64_t)result;
}

THRAN_INLINE uint64_t thran_pow_u64(uint64_t b, uint64_t e) {
  uint64_t result = 1;
  while (e) {
    if (e & 1) result *= b;
    b *= b;
    e >>= 1;
  }
  return result;
}

/* Shifts as NumPy defines them: shifting by the width or more gives 0 (or -1 for negative >>). */
THRAN_INLINE int64_t thran_shl_i64(int64_t a, int64_t b) {
  return (b >= 0 && b < 64) ? (int64_t)((uint64_t)a << b) : 0;
}
THRAN_INLINE int64_t thran_shr_i64(int64_t a, int64_t b) {
  return (b >= 0 && b < 64) ? (a >> b) : (a < 0 ? -1 : 0);
}
THRAN_INLINE uint64_t thran_shl_u64(uint64_t a, uint64_t b) { return b < 64 ? a << b : 0; }
THRAN_INLINE uint64_t thran_shr_u64(uint64_t a, uint64_t b) { return b < 64 ? a >> b : 0; }

/* Python's indexing of views: -1 is the last item; -1 is returned for an index outside the view. */
THRAN_INLINE int64_t thran_index(int64_t i, int64_t n) {
  if (i < 0) i += n;
  return (uint64_t)i < (uint64_t)n ? i : -1;
}

/* v[THRAN_INDEX(i, n)] in a compiled function: raises IndexError and leaves through thran_fail before any
   memory outside the view is touched. */
#define THRAN_INDEX(i, n)                                                    \
  __extension__({                                                            \
    const int64_t thran_k_ = thran_index((i), (n));                          \
    if (THRAN_UNLIKELY(thran_k_ < 0)) {                                      \
      thran_raise(thran_e, PyExc_IndexError, "index out of range");         \
      goto thran_fail;                                                       \
    }                                                                        \
    thran_k_;                                                                \
  })

THRAN_INLINE double _Complex thran_complex(double re, double im) {
#if defined(__GNUC__)
  return __builtin_complex(re, im);
#else
  return re + im * I;
#endif
}

THRAN_INLINE double thran_sign_f64(double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : (x == 0 ? 0.0 : x)); }
