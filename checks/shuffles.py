"""Where a training loop's shuffles come from (lesson 6's train, lesson 10's train_deep), judged from orders.

The contract of both: every epoch a new order of the m examples, drawn from a generator made from
`seed`, on a stream of its own, not the one the initialisation drew the weights from. init_params and
init_deep draw from np.random.default_rng(seed); a second default_rng(seed) repeats their numbers,
so the first shuffle would be tied to the first weights. Any other generator made from the seed is
right: default_rng([seed, 1]), default_rng(seed + 1), SeedSequence(seed).spawn, RandomState(seed)...

The checks find, for a few seeds, the order in which train's first epoch visited the examples (from
the parameters it returned, never from anything the worker reports), and hand them here.
"""

from typing import Dict, Optional, Tuple

import numpy as np

from .failure import Call, CheckFailure

OWN_STREAM = "np.random.default_rng([seed, 1])"  # the reference's shuffle generator, named in hints


def init_stream_orders(seed: int, m: int) -> set:
    """The first orders of m examples that the initialisation's own stream, default_rng(seed), gives
    as code usually draws them (rng.permutation(m) and rng.shuffle of np.arange(m) agree)."""
    return {tuple(int(i) for i in order) for order in (
        np.random.default_rng(seed).permutation(m),  # exam: not an input (what init's stream gives)
        np.random.default_rng(seed).choice(m, m, replace=False),  # exam: not an input (what init's stream gives)
        np.argsort(np.random.default_rng(seed).random(m), kind="stable"))}  # exam: not an input (what init's stream gives)


def expect_seeded_own_stream(orders: Dict[int, Tuple[int, ...]], function: str, init: str,
                             the_call: Optional[Call]) -> None:
    """Fail unless the first epoch's orders, {seed: order} for two or more seeds, depend on the seed
    and do not all come from init's stream (one seed's order may: 1 in m! for any generator)."""
    m = len(next(iter(orders.values())))
    seeds = sorted(orders)
    if len(set(orders.values())) == 1:
        raise CheckFailure(
            f"{function} visits the examples in the same order {list(orders[seeds[0]])} for seeds "
            f"{seeds[0]} to {seeds[-1]}: the shuffles ignore the seed", call=the_call,
            mistake=f"make the shuffling generator from the seed, for example {OWN_STREAM}, not from a "
                    "fixed number")
    if all(order in init_stream_orders(seed, m) for seed, order in orders.items()):
        raise CheckFailure(
            f"{function}'s shuffles come from {init}'s own stream: for each of seeds {seeds[0]} to {seeds[-1]} "
            f"the first order is np.random.default_rng(seed).permutation({m}), drawn from the numbers that "
            "gave the first weights", call=the_call,
            mistake=f"give the shuffles a stream of their own made from the seed, {OWN_STREAM} or "
                    "np.random.SeedSequence(seed).spawn(2)[1]: a second default_rng(seed) repeats "
                    f"{init}'s numbers")
