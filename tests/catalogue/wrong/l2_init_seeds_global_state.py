"""np.random.seed(seed) then np.random.randn * 0.01: the same seed gives the same weights, but the docstring
forbids the global state: seeding it resets every other random draw of the learner's program."""
import numpy as np

LESSON = 2
EXPECT = "global random state"


def init_params(n_x, n_h, n_y=1, seed=0):
    np.random.seed(seed)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
