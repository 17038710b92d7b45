from scipy import LowLevelCallable
from .kern import k
from . import kern

a = LowLevelCallable(k, signature="double (double)")  # error: [TL203]
b = LowLevelCallable(kern.k, signature="double (double)")  # error: [TL203]
