"""The forward pass multiplies by W1.T (the row-per-example habit): a shape error for n_x != n_h."""
import numpy as np

LESSON = 2


def forward(X, params):
    Z1 = np.dot(params["W1"].T, X) + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = np.dot(params["W2"], A1) + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
