"""Updates the caller's arrays in place (params[k] -= ...) and returns the same dict."""
LESSON = 5
EXPECT = 'in place'


def update(params, grads, lr):
    for name in params:
        params[name] -= lr * grads["d" + name]
    return params
