"""Zero parameters of the right shapes."""
LESSON = 5


def update(params, grads, lr):
    return {name: np.zeros_like(value) for name, value in params.items()}
