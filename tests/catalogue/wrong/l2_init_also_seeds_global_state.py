"""Draws from np.random.RandomState(seed) but also calls np.random.seed(seed) "to be safe": the weights are
right, the global state is still reseeded behind the learner's back."""
import numpy as np

LESSON = 2
EXPECT = "global random state"


def init_params(n_x, n_h, n_y=1, seed=0):
    np.random.seed(seed)
    rs = np.random.RandomState(seed)
    return {"W1": rs.randn(n_h, n_x) / np.sqrt(n_x), "b1": np.zeros((n_h, 1)),
            "W2": rs.randn(n_y, n_h) / np.sqrt(n_h), "b2": np.zeros((n_y, 1))}
