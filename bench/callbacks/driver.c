/* Calls a callback through its pointer many times, as SciPy does, and reports nanoseconds per call. The
   callback lives in another shared object, so neither side can be inlined into the loop. */
#include <stdint.h>
#include <time.h>

typedef int (*transform_fn)(intptr_t *, double *, int, int, void *);
typedef double (*nd_fn)(int, double *, void *);

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

double time_transform(void *fn, long calls, int rank) {
  transform_fn f = (transform_fn)fn;
  intptr_t out[8];
  double in[8];
  double shift = 0.5;
  for (int i = 0; i < 8; i++) out[i] = i;
  double start = now();
  for (long k = 0; k < calls; k++) {
    out[0] = k & 1023;
    f(out, in, rank, rank, &shift);
    __asm__ volatile("" : : "r"(in) : "memory");
  }
  return (now() - start) / calls;
}

double time_nd(void *fn, long calls) {
  nd_fn f = (nd_fn)fn;
  double x[3] = {0.25, 0.5, 0.75};
  double c = 1.0, sink = 0;
  double start = now();
  for (long k = 0; k < calls; k++) {
    x[0] = (double)(k & 1023);
    sink += f(3, x, &c);
    __asm__ volatile("" : : "r"(x) : "memory");
  }
  __asm__ volatile("" : : "x"(sink));
  return (now() - start) / calls;
}
