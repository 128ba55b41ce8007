"""The forward pass forgets both biases."""
LESSON = 2
MISTAKE = "forward.no_biases"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'bias'


def forward(X, params):
    Z1 = params["W1"] @ X
    A1 = sigmoid(Z1)
    Z2 = params["W2"] @ A1
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
