#pythran export capsule k(float32)  # error: [TL203]
def k(x):
    return x
