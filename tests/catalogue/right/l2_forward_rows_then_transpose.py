"""Computed with rows as examples (X.T @ W1.T), transposed back to columns before returning."""
LESSON = 2


def forward(X, params):
    Z1 = (X.T @ params["W1"].T + params["b1"].T).T
    A1 = sigmoid(Z1)
    Z2 = (A1.T @ params["W2"].T + params["b2"].T).T
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
