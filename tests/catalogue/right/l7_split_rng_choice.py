"""Test indices drawn with rng.choice(m, n_test, replace=False), training set the rest."""
import numpy as np

LESSON = 7


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    n_test = round(test_fraction * m)
    test = rng.choice(m, size=n_test, replace=False)
    train = np.setdiff1d(np.arange(m), test)
    return X[:, train], Y[:, train], X[:, test], Y[:, test]
