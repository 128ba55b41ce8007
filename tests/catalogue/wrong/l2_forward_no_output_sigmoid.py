"""No sigmoid on the output layer: A2 is Z2, not a probability."""
LESSON = 2
MISTAKE = "forward.no_output_sigmoid"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'sigmoid'


def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = Z2
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
