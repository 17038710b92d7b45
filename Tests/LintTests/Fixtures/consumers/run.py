import numpy as np
import scipy.integrate
from scipy import LowLevelCallable, ndimage
from scipy.integrate import quad, nquad as nq
from scipy.ndimage import generic_filter1d
import callbacks as cb

quad(LowLevelCallable(cb.integrand), 0, 1)
nq(LowLevelCallable(cb.integrand), [[0, 1]])
scipy.integrate.dblquad(LowLevelCallable(cb.integrand), 0, 1, 0, 1)
quad(LowLevelCallable(cb.mapping), 0, 1)  # error: [TL206]
fn = LowLevelCallable(cb.filt)
ndimage.generic_filter(np.zeros((3, 3)), fn, size=2)
ndimage.geometric_transform(np.zeros((3, 3)), fn)  # error: [TL206]
ndimage.geometric_transform(np.zeros((3, 3)), mapping=LowLevelCallable(cb.mapping))
generic_filter1d(np.zeros(5), function=LowLevelCallable(cb.integrand), filter_size=2)  # error: [TL206]
ndimage.generic_filter(np.zeros(3), LowLevelCallable(cb.filt, signature="double (double)"), size=2)  # error: [TL202] [TL204]
ndimage.geometric_transform(np.zeros((2, 2)), cb.mapping)
quad(cb.filt, 0, 1)  # error: [TL206]
