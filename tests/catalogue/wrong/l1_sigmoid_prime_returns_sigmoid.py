"""sigmoid_prime returns the sigmoid itself instead of its derivative."""
LESSON = 1
MISTAKE = "sigmoid_prime.is_sigmoid"  # the catalogued mistake it plants (checks/mistakes.py)
EXPECT = 'not its derivative'


def sigmoid_prime(z):
    return sigmoid(z)
