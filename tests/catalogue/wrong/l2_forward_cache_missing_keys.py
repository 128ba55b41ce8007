"""The cache keeps only the activations A1 and A2 (Z1 and Z2 left out)."""
LESSON = 2
EXPECT = 'missing'


def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"A1": A1, "A2": A2}
