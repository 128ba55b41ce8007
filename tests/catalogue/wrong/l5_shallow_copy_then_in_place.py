"""dict(params) copies the dict but not the arrays: the in-place -= still changes the caller's arrays."""
LESSON = 5


def update(params, grads, lr):
    new = dict(params)
    for name in new:
        new[name] -= lr * grads["d" + name]
    return new
