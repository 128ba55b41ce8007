"""A new dict with the parameters unchanged."""
LESSON = 5


def update(params, grads, lr):
    return {name: np.array(value) for name, value in params.items()}
