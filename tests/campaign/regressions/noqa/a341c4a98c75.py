t0 = f'{0}# noqa: TL203'# note # noqa : TL201,TL203 TL203x  #	noqa:TL201, E501 - why
x1 = 1	# NoQa:  F401  ABC123 , TL104 - why
s2 = '# noqa: TL203' # x: y  #NOQA:TL104: x
t3 = f'{3}# noqa: TL203'# note #NOQA:  TL900 , F401,TL201 (TL203 was here)  #  NOQA:F401
