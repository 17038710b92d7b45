from scipy import LowLevelCallable, integrate
import lib"""
c = LowLevelCallable(liêb.f, signature="double (int,double *)")  # noqa: TL203 see issue 12
s = '# no	qa: TL203'
"""
# noqa: TL205
"""
integrate.quad(c, 0, 1)  # noqa: TL901, TL203
