"""The cache returned as a tuple (Z1, A1, Z2, A2), not a dict: the message says a dict, not np.array."""
import numpy as np

LESSON = 2
EXPECT = "must be a dict"


def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, (Z1, A1, Z2, A2)
