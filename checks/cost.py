"""Whether a backward pass is backpropagation, judged by what it costs on the grader's clock (lessons 4 and 8).

A backward pass computed by finite differences of the learner's own forward pass and loss, with no
backpropagation, can match the reference to 1e-15 (a Richardson-extrapolated central difference per
entry). What gives it away is its cost: backpropagation costs about as much as a forward pass or two,
finite differences two or more forward passes per parameter (25,120 of them for 784-32-1). So on the
course's own network and a batch of 64, the grader times the backward pass against the learner's own
forward pass (lesson 8's forward_deep; in lesson 4, the forward pass of the package the lesson is
graded in), each with time.perf_counter around the whole call on this side of the pipe, never a time
the worker reports. A ratio, not an absolute time: a slow or busy machine slows both.

The bar, MAX_FORWARDS forward passes, sits between the two with a wide margin each way (measured
figures in docs/grader.md, "What a backward pass may cost"). Each round times the forward pass a few
times (the fastest counts) and the backward pass once; a round under the bar passes, and a round over
it is tried again, up to ROUNDS, so that a moment of load on a shared machine cannot fail correct code.
A backward pass that runs out of the check's time limit has cost far more than the bar.
"""

import time
from typing import Any, Callable, Tuple

from . import deadline
from .compare import call
from .course import find_lesson
from .failure import CheckFailure
from .remote import LearnerModule
from .strategies import random_deep_network, random_network

MAX_FORWARDS = 200  # the bar: a backward pass may cost this many forward passes
ROUNDS = 3
FORWARD_REPEATS = 3


def package_module(learner: LearnerModule, module: str) -> LearnerModule:
    """Another module (`module`, "lesson02_forward") of the package `learner` is graded in, in its worker."""
    return LearnerModule(learner.worker, learner.package, module, find_lesson(module))


def timed(learner, function: str, /, **inputs) -> Tuple[Any, float, Any]:
    """(result, seconds on the grader's clock, the Call) of one call of the learner's `function`."""
    started = time.perf_counter()
    result, the_call = call(learner, function, **inputs)
    return result, time.perf_counter() - started, the_call


def backprop_timers(learner: LearnerModule) -> Tuple[Callable, Callable, str, int]:
    """(forward, backward, what, n_parameters) for expect_backpropagation_cost, on the check's network:
    lesson 4's backward on 784-32-1 against the forward pass of its package (lesson02_forward), or
    lesson 8's backward_deep on 784-64-32-1 against the learner's forward_deep. The backward pass gets
    the cache of that forward pass, run once first (untimed: a first call may pay for loading); its
    values do not matter here, only its shapes, so the reference is not asked for one."""
    if learner.lesson.number == 4:
        net = random_network(seed=11, n_x=784, n_h=32, m=64, weight=0.1)
        forward_module, forward_name, function = package_module(learner, "lesson02_forward"), "forward", "backward"
        inputs, what = {"X": net.X, "Y": net.Y, "params": net.params}, "784-32-1 with 64 examples"
    else:
        net = random_deep_network(12, (784, 64, 32, 1), 64, weight=0.1)
        forward_module, forward_name, function = learner, "forward_deep", "backward_deep"
        inputs, what = {"Y": net.Y, "params": net.params}, "784-64-32-1 with 64 examples"
    result, first_call = call(forward_module, forward_name, X=net.X, params=net.params)
    if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], dict)):
        raise CheckFailure(f"{forward_name} should return a pair (A, cache) to time {function} with",
                           call=first_call)
    inputs["cache"] = result[1]

    def forward() -> float:
        return timed(forward_module, forward_name, X=net.X, params=net.params)[1]

    def backward() -> Tuple[float, Any]:
        _, seconds, the_call = timed(learner, function, **inputs)
        return seconds, the_call
    return forward, backward, what, sum(value.size for value in net.params.values())


def expect_backpropagation_cost(forward: Callable[[], float], backward: Callable[[], Tuple[float, Any]],
                                what: str, n_parameters: int) -> None:
    """Fail unless one backward pass costs at most MAX_FORWARDS forward passes, in one of ROUNDS rounds.

    `forward()` runs the forward pass once and returns its seconds; `backward()` runs the backward pass
    once and returns (its seconds, its Call). `what` names the network and batch for the message.
    """
    ratios, the_call, fastest = [], None, None
    for _ in range(ROUNDS):
        fastest = min(forward() for _ in range(FORWARD_REPEATS))
        try:
            seconds, the_call = backward()
        except deadline.CheckTimedOut:
            raise CheckFailure(
                f"backpropagation should cost a few forward passes, but the backward pass on {what} ran past the "
                f"check's time limit, where one forward pass takes {fastest * 1e3:.2g} ms", mistake=_mistake(
                    n_parameters)) from None
        ratios.append(seconds / max(fastest, 1e-9))
        if ratios[-1] <= MAX_FORWARDS:
            return
    raise CheckFailure(
        f"backpropagation should cost a few forward passes, but the backward pass on {what} costs "
        f"{min(ratios):,.0f} of them (at most {MAX_FORWARDS} allowed)", call=the_call,
        details=[f"timed {ROUNDS} times on the grader's clock: {', '.join(f'{r:,.0f}' for r in ratios)} forward "
                 f"passes (one forward pass: {fastest * 1e3:.2g} ms)"],
        mistake=_mistake(n_parameters), show_values=False)


def _mistake(n_parameters: int) -> str:
    return (f"this looks like finite differences (two or more losses per parameter, {n_parameters:,} parameters) "
            "or a Python loop over every weight: backpropagation carries dZ from the output "
            "back, layer by layer, with one matrix product per gradient")
