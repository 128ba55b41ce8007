"""The output layer takes Z1 (W2 @ Z1) where A1 belongs; the cache's A1 is right."""
import numpy as np

LESSON = 2
MISTAKE = "forward.output_from_Z1"  # the catalogued mistake it plants (checks/mistakes.py)


def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = params["W2"] @ Z1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
