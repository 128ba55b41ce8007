"""Copies every array first, then updates the copies in place with -=."""
LESSON = 5


def update(params, grads, lr):
    new = {name: P.copy() for name, P in params.items()}
    for name in new:
        new[name] -= lr * grads["d" + name]
    return new
