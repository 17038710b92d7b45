"""LowLevelCallable capsules for each SciPy consumer."""
import math
from numpy.ctypeslib import as_array

#pythran export capsule gauss(float64)
def gauss(x):
    return math.exp(-x * x)

#pythran export capsule scaled(float64, float64*)
def scaled(x, factor):
    return factor[0] * x * x

#pythran export capsule nd_sum(int32, float64*)
def nd_sum(n, xx):
    s = 0.0
    for i in range(n):
        s += xx[i]
    return s

#pythran export capsule filter_mean(float64*, int64, float64*, float64*)
def filter_mean(buffer, filter_size, return_value, user_data):
    total = 0.0
    for i in range(filter_size):
        total += buffer[i]
    return_value[0] = total / filter_size + user_data[0]
    return 1

#pythran export capsule filter_max(float64*, int64, float64*, float64*)
def filter_max(buffer, filter_size, return_value, user_data):
    values = as_array(buffer, filter_size)
    best = values[0]
    for i in range(1, filter_size):
        best = max(best, values[i])
    return_value[0] = best
    return 1

#pythran export capsule moving_sum(float64*, int64, float64*, int64, float64*)
def moving_sum(input_line, input_length, output_line, output_length, user_data):
    size = input_length - output_length + 1
    for i in range(output_length):
        acc = 0.0
        for j in range(size):
            acc += input_line[i + j]
        output_line[i] = acc
    return 1

#pythran export capsule shift_checked(int64*, float64*, int32, int32, float64*)
def shift_checked(output_coordinates, input_coordinates, output_rank, input_rank, user_data):
    shift = user_data[0]
    if shift < 0:
        raise ValueError("negative shift")
    for i in range(input_rank):
        input_coordinates[i] = output_coordinates[i] - shift
    return 1

#pythran export capsule bounded(float64)
def bounded(x):
    if x > 0.5:
        raise ValueError("x too large")
    return x
