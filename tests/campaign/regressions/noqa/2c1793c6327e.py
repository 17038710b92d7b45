u0 = """
# noqa: TL205 0
"""
u1 = """
# noqa: TL205 1
"""
t2 = f'{2}# noqa: TL203' # note #	NoQa:  TL900 - why  #	NOQA:TL900: x
t3 = f'{3}# noqa: TL203' #	NoQa (TL203 was here)  #	NOQA é ok