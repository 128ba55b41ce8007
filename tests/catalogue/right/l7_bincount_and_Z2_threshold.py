"""The confusion matrix as np.bincount of 2 * true + predicted reshaped to 2x2, and predict as
Z2 >= 0 (the same as A2 >= 0.5: sigmoid(0) = 0.5 and the sigmoid is increasing) returning
integer 0/1 labels."""
import numpy as np

LESSON = 7


def predict(X, params):
    _, cache = forward(X, params)
    return (cache["Z2"] >= 0).astype(int)


def confusion_matrix(y_true, y_pred):
    codes = 2 * np.ravel(y_true).astype(int) + np.ravel(y_pred).astype(int)
    return np.bincount(codes, minlength=4).reshape(2, 2)
