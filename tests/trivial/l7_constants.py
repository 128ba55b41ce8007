"""Every lesson-7 function returns a constant of the right type and shape."""
LESSON = 7


def preprocess(images, labels, classes=(4, 5)):
    return np.zeros((784, 1)), np.zeros((1, 1))


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    return X[:, :1], Y[:, :1], X[:, :1], Y[:, :1]


def predict(X, params):
    return np.ones((1, X.shape[1]))


def accuracy(y_true, y_pred):
    return 0.5


def confusion_matrix(y_true, y_pred):
    return np.zeros((2, 2), dtype=np.int64)


def precision_recall_f1(y_true, y_pred):
    return 0.0, 0.0, 0.0
