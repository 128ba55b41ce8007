"""A loop over the four parameter names, building a new dict."""
LESSON = 5


def update(params, grads, lr):
    new_params = {}
    for key in ["W1", "b1", "W2", "b2"]:
        new_params[key] = params[key] - lr * grads["d" + key]
    return new_params
