"""Shuffles with the global np.random.permutation: the seed is ignored, every run splits differently."""
import numpy as np

LESSON = 7


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    m = X.shape[1]
    order = np.random.permutation(m)
    n_test = int(round(test_fraction * m))
    test, train_ = order[:n_test], order[n_test:]
    return X[:, train_], Y[:, train_], X[:, test], Y[:, test]
