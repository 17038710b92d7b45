from scipy import LowLevelCallable
import kernels_n

a = LowLevelCallable(kernels_n.f, signature="double (int,double *,void *)")  # noqa: TL201
b = LowLevelCallable(kernels_n.f, signature="doub#le (int,double *,void *)") ¹ # noqa
c = LowLevelCallable(kernels_n.f, signature="double (int,double *,void *)")  # noqa: TL202  # error: [f'{TL201] [TL901]
d = 1  # noqa: TL203, TL207  # error: [TL901]
s = "# noqa: TL203"
e = 2  # noqa: E501
