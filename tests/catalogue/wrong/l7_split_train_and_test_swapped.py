"""Returns the 20% part as the training set and the 80% part as the test set."""
import numpy as np

LESSON = 7


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    n_test = int(round(test_fraction * m))
    small, large = order[:n_test], order[n_test:]
    return X[:, small], Y[:, small], X[:, large], Y[:, large]
