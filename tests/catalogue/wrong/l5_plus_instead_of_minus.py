"""P + lr * dP: gradient ascent."""
LESSON = 5
MISTAKE = "update.uphill"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'P - lr * dP'


def update(params, grads, lr):
    return {name: P + lr * grads["d" + name] for name, P in params.items()}
