"""Two permutations, one for X and one for Y: the test images lose their labels."""
import numpy as np

LESSON = 7
EXPECT = 'same permutation'


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    X, Y = X[:, rng.permutation(m)], Y[:, rng.permutation(m)]
    n_test = int(round(test_fraction * m))
    return X[:, n_test:], Y[:, n_test:], X[:, :n_test], Y[:, :n_test]
