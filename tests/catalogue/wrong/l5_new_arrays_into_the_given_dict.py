"""New arrays, but put into the caller's dict (params[name] = ...), which is then returned."""
LESSON = 5
EXPECT = "replaced items of the caller's params"


def update(params, grads, lr):
    for name in ("W1", "b1", "W2", "b2"):
        params[name] = params[name] - lr * grads["d" + name]
    return params
