"""Lesson 5: one step of gradient descent."""


def update(params, grads, lr):
    """Move every parameter a step of size lr against its gradient.

        P_new = P - lr * dP      for P in W1, b1, W2, b2 (gradient "d" + name)

    Args:
        params: dict of parameter arrays W1, b1, W2, b2.
        grads: dict dW1, db1, dW2, db2 of the same shapes, from `backward`.
        lr: the learning rate, a positive float (0.01 in the course).

    Returns:
        A new dict with the updated arrays. Do not change `params` in place
        (`params["W1"] -= ...` would also change the caller's arrays).

    Guide: docs/lessons/05-update.md; stuck: `python -m checks hint 5`.
    """
    ### BEGIN SOLUTION
    return {name: P - lr * grads["d" + name] for name, P in params.items()}
    ### END SOLUTION
