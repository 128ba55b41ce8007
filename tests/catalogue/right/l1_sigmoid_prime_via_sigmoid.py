"""sigmoid_prime(z) = sigmoid(z) * (1 - sigmoid(z)), reusing sigmoid as the docstring suggests."""
LESSON = 1


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)
