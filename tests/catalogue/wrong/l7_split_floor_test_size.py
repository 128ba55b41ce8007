"""int(test_fraction * m) truncates: 1.8 test examples become 1, not round(1.8) = 2."""
import numpy as np

LESSON = 7


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    n_test = int(test_fraction * m)
    test, train_ = order[:n_test], order[n_test:]
    return X[:, train_], Y[:, train_], X[:, test], Y[:, test]
