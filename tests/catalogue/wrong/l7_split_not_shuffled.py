"""The last 20% of the examples as the test set, in their original order: no shuffle."""
LESSON = 7
EXPECT = 'shuffle'


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    m = X.shape[1]
    n_test = int(round(test_fraction * m))
    return X[:, :m - n_test], Y[:, :m - n_test], X[:, m - n_test:], Y[:, m - n_test:]
