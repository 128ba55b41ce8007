"""ReLU in the hidden layer instead of the sigmoid."""
import numpy as np

LESSON = 2
MISTAKE = "forward.relu_hidden"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'relu'


def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(0, Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
