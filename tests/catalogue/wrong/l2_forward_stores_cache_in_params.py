"""Keeps the intermediate arrays by writing them into the params dict: the caller's dict is modified."""
LESSON = 2


def forward(X, params):
    params["Z1"] = params["W1"] @ X + params["b1"]
    params["A1"] = sigmoid(params["Z1"])
    params["Z2"] = params["W2"] @ params["A1"] + params["b2"]
    params["A2"] = sigmoid(params["Z2"])
    cache = {key: params[key] for key in ("Z1", "A1", "Z2", "A2")}
    return params["A2"], cache
