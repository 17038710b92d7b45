/* The seed's callbacks written by hand in C: the baseline thranc's capsules are measured against. */
#include <stdint.h>

int transform_c(intptr_t *output_coordinates, double *input_coordinates, int output_rank, int input_rank,
                void *user_data) {
  double shift = *(double *)user_data;
  for (int i = 0; i < input_rank; i++) {
    input_coordinates[i] = output_coordinates[i] - shift;
  }
  return 1;
}

double f_c(int n, double *x, void *user_data) {
  double c = *(double *)user_data;
  return c + x[0] - x[1] * x[2];
}
