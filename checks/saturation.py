"""Saturated outputs (lessons 4 and 8): where a backward pass that clips the cross-entropy's gradient goes wrong.

With the cross-entropy, the output's error is dZ_L = (A_L - Y) / m for every Z_L, however large. A
backward pass that takes the long way, dA_L = -(Y / A_L - (1 - Y) / (1 - A_L)) times the sigmoid's slope,
and clips A_L to [eps, 1 - eps] first (to avoid a division by zero), is right only while A_L stays
inside [eps, 1 - eps]. The networks the other checks draw never leave it (|Z_L| < 16, where
1 - sigma(16) = 1.1e-7 is above every usual eps), so these checks put the output's pre-activation at
|Z_L| = 17 to 36, one example at a time, with each label.

The tolerance is wider here than elsewhere, and on purpose. Near 1, float64 keeps 1 - A_L only to
about 1.1e-16 absolute: at Z_L = 30 (1 - A_L = 9.4e-14), a correct long-way formula that divides by
1 - A_L and multiplies by an exactly computed slope is off by up to 1.2e-3 relative, however it is
written. Clipping is off by a factor, 1 - (1 - A_L) / eps, as soon as an output is closer than eps
to 0 or 1, and every eps from 1e-7 down to 1e-15 meets one here (sigma(-36) = 2.3e-16, exact on
that side). Measured on this check's network: the long way without clipping is off by 1.0e-3 at
worst (with sigma'(Z_L)) or 4e-16 (with the cache's A_L (1 - A_L)); a clip with eps from 1e-7 to
1e-15 by 77% or more. So a relative 1e-2 leaves a factor of 10 on one side and 77 on the other.
With one example per call each gradient is dZ_L times a fixed factor, so its relative error is
dZ_L's, with no cancellation between examples.
"""

from typing import Dict, Iterable

import numpy as np

from .compare import expect_array
from .failure import Call, CheckFailure

TARGETS = (17.0, 20.0, 25.0, 30.0, -17.0, -25.0, -30.0, -36.0)  # Z_L; 1 - A_L stays > 0 below 36.7
RTOL = 1e-2


def _mistake(L: int) -> str:
    return (f"at a saturated output the gradient is still dZ{L} = (A{L} - Y) / m: clipping A{L} (or dA{L}) to "
            f"[eps, 1 - eps] and then multiplying by the slope sigma'(Z{L}) changes it once A{L} is closer than eps "
            f"to 0 or 1; write dZ{L} = (A{L} - Y) / m directly, where the slope has cancelled (a gradient "
            f"estimated from the loss by finite differences goes wrong here too: the clipped loss is flat there)")


def saturated(params: Dict[str, np.ndarray], Z_L: np.ndarray, target: float) -> Dict[str, np.ndarray]:
    """`params` with the output layer's bias moved so that the output pre-activation, `Z_L` with these
    params (one example, shape (1, 1)), becomes `target`."""
    L = sum(name.startswith("W") for name in params)
    return {**params, f"b{L}": params[f"b{L}"] + (target - Z_L)}


def expect_grads(grads: dict, expected: dict, keys: Iterable[str], Z_L: np.ndarray, A_L: np.ndarray,
                 Y: np.ndarray, the_call: Call) -> None:
    """Fail unless each of `keys` in `grads` is the reference's `expected` within RTOL (and exactly 0 where
    it is 0); the message says how saturated the output was."""
    for key in keys:
        try:
            expect_array(key, grads[key], expected[key], call=the_call, rtol=RTOL, atol=0.0)
        except CheckFailure as failure:
            L = sum(name.startswith("dW") for name in expected)
            margin = float(1.0 - A_L[0, 0]) if Z_L[0, 0] > 0 else float(A_L[0, 0])
            raise CheckFailure(
                f"{the_call.function} at a saturated output: {failure.summary}", call=the_call, expected=failure.expected,
                got=failure.got, mistake=failure.mistake or _mistake(L),
                details=[f"the output's pre-activation is Z{L} = {Z_L[0, 0]:.4g} and the label Y = {Y[0, 0]:g}, "
                         f"so A{L} is {margin:.2g} from {'1' if Z_L[0, 0] > 0 else '0'}",
                         *failure.details[:1],
                         f"(tolerance here: {RTOL:g} relative, wide enough for the rounding of 1 - A{L})"]) from None
