"""Computes with one example per ROW (X.T @ W1.T): A2 comes back with shape (m, 1), not (1, m)."""
LESSON = 2


def forward(X, params):
    Z1 = X.T @ params["W1"].T + params["b1"].T
    A1 = sigmoid(Z1)
    Z2 = A1 @ params["W2"].T + params["b2"].T
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
