"""Zeros of the right shape and dtype."""
LESSON = 1


def sigmoid(z):
    return np.zeros(np.shape(z))


def sigmoid_prime(z):
    return np.zeros(np.shape(z))
