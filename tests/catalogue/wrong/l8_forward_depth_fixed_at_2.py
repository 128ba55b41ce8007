"""forward_deep written for exactly two layers (W1, W2), whatever params holds."""
import numpy as np

LESSON = 8
MISTAKE = "deep.depth_2"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'fixed at 2'

def forward_deep(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = relu(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"A0": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
