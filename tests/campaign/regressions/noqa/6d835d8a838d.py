x0 = 0 # x: y  #NoQa see issue 12 #  NoQa: ABC123, E501,TL203 - why
x1 = 1	# note #NoQa:  E501, TL201 é ok