"""Every lesson-7 function hands back its input unchanged (or as close as its return type allows)."""
LESSON = 7


def preprocess(images, labels, classes=(4, 5)):
    return images, labels


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    return X, Y, X, Y


def predict(X, params):
    return X[:1]


def accuracy(y_true, y_pred):
    return float(np.asarray(y_true).ravel()[0])


def confusion_matrix(y_true, y_pred):
    return np.eye(2, dtype=np.int64)


def precision_recall_f1(y_true, y_pred):
    first = float(np.asarray(y_true).ravel()[0])
    return first, first, first
