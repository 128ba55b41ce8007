"""Backpropagates one example at a time and averages the m per-example gradients."""
import numpy as np

LESSON = 4


def backward(X, Y, params, cache):
    m = X.shape[1]
    grads = {"dW1": np.zeros_like(params["W1"]), "db1": np.zeros_like(params["b1"]),
             "dW2": np.zeros_like(params["W2"]), "db2": np.zeros_like(params["b2"])}
    for i in range(m):
        x, y = X[:, [i]], Y[:, [i]]
        a1, a2, z1 = cache["A1"][:, [i]], cache["A2"][:, [i]], cache["Z1"][:, [i]]
        dz2 = a2 - y
        dz1 = (params["W2"].T @ dz2) * sigmoid_prime(z1)
        grads["dW2"] += dz2 @ a1.T
        grads["db2"] += dz2
        grads["dW1"] += dz1 @ x.T
        grads["db1"] += dz1
    return {key: value / m for key, value in grads.items()}
