"""sigmoid_prime as sigmoid(z) * sigmoid(z): the (1 - s) factor mistyped as s."""
LESSON = 1


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * s
