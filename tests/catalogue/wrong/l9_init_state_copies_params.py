"""init_state starts v and s from copies of the parameters instead of zeros."""
import numpy as np

LESSON = 9
EXPECT = 'start from zeros'


def init_state(params):
    return {"t": 0, "v": {k: P.copy() for k, P in params.items()}, "s": {k: P.copy() for k, P in params.items()}}
