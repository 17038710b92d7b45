import scipy
import pkg.kern
import pkg.kern as pk
from pkg import kern

a = scipy.LowLevelCallable(pkg.kern.k, signature="double (double)")  # error: [TL203]
b = scipy.LowLevelCallable(pk.k, signature="double (double)")  # error: [TL203]
c = scipy.LowLevelCallable(kern.k, signature="double (double)")  # error: [TL203]
