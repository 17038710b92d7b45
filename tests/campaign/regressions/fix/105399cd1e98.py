from scipy import LowLevelCallable, integrate
import kernels
c = LowLevelCallable(kernels.f, signature='double (int,double *)')  # noqa:TL201 TL203  E501 why
d = LowLevelCallable(kernels.f, None, "double(int, double*)")  # noqa: TL203, TL201  # type: ignore
t = f'{c!r
}  # noqa: TL203'  # noqa: TL207
integrate.quad(d, 0, 1)  # NOQA:TL203,TL206 see
v = 'é'  # noqa: TL203 ça
