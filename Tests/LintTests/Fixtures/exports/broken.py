def f(:  # error: [TL900]
    pass
