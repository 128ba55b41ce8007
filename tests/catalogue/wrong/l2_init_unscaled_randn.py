"""Standard normal weights with no 1/sqrt(fan_in) scaling: W1 x has std ~ sqrt(784)*..., saturated sigmoids."""
import numpy as np

LESSON = 2
EXPECT = 'too large'


def init_params(n_x, n_h, n_y=1, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)), "b2": np.zeros((n_y, 1))}
