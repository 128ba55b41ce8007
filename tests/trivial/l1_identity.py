"""Both functions return their input as a float64 array."""
LESSON = 1


def sigmoid(z):
    return np.array(z, dtype=np.float64)


def sigmoid_prime(z):
    return np.array(z, dtype=np.float64)
