"""Only the weights move; the biases are copied unchanged."""
LESSON = 5
MISTAKE = "update.not_updated"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'not updated'


def update(params, grads, lr):
    new = {name: P.copy() for name, P in params.items()}
    for name in ("W1", "W2"):
        new[name] = params[name] - lr * grads["d" + name]
    return new
