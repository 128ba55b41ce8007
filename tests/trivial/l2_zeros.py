"""Zero parameters of the right shapes, and a forward pass of zeros."""
LESSON = 2


def init_params(n_x, n_h, n_y=1, seed=0):
    return {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)), "W2": np.zeros((n_y, n_h)), "b2": np.zeros((n_y, 1))}


def forward(X, params):
    m = X.shape[1]
    n_h, n_y = params["W1"].shape[0], params["W2"].shape[0]
    cache = {"Z1": np.zeros((n_h, m)), "A1": np.zeros((n_h, m)), "Z2": np.zeros((n_y, m)), "A2": np.zeros((n_y, m))}
    return cache["A2"], cache
