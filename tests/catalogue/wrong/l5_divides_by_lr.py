"""P - dP / lr: the learning rate divided instead of multiplied."""
LESSON = 5


def update(params, grads, lr):
    return {name: P - grads["d" + name] / lr for name, P in params.items()}
