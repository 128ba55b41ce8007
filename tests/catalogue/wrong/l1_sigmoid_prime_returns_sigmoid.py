"""sigmoid_prime returns the sigmoid itself instead of its derivative."""
LESSON = 1
EXPECT = 'not its derivative'


def sigmoid_prime(z):
    return sigmoid(z)
