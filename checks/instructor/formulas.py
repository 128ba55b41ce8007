"""The lessons' formulas, as code: what no Python file of a student release may contain.

A check file that computes a lesson's answer to derive something else (a named mistake's value,
an expected moving average) ships that answer: copied into a lesson, it passes. `formula_lines`
finds such code in a folder's Python files. It reads code only: strings (messages and
explanations may state a formula, as a hint does), comments and docstrings are left out, and
each line is matched as its tokens, so spacing and line breaks inside brackets change nothing.

The patterns are the course's formulas in the shapes code writes them:

    the output's error       A2 - Y, cache["AL"] - Y, Y - A2
    a weight gradient        dZ1 @ X.T, dZ @ A_in.T
    an error sent back       W2.T @ dZ2
    a sigmoid slope          s * (1 - s), A1 * (1 - A1)
    the sigmoid              1 / (1 + np.exp(-z))
    a cross-entropy term     Y * np.log(A), (1 - Y) * np.log(1 - A)
    a gradient step          P - lr * dP (either sign)
    He's scale               np.sqrt(2 / fan_in)
    a moving average         beta * v + (1 - beta) * g
    a layer's forward        params["W1"] @ X + params["b1"]
    the pixels' scale        images.reshape(-1, 784).T / 255.0
"""

import io
import re
import tokenize
from pathlib import Path
from typing import Dict, List, Tuple

_ACTIVATION = r"(?:s|a|z|sig\w*|A\w*|out\w*|y_hat|p_hat)"
FORMULAS: Dict[str, str] = {
    "the output's error A - Y": r"(?<![\w.])(?!1\b)(?:[A-Za-z_]\w*|\])(?: \))? - Y\b(?! \[)|\bY - (?!1\b)[A-Za-z_(]",
    "a weight gradient dZ @ A.T": r"@ [\w\[\] ]+ \. T\b",
    "an error sent back W.T @ dZ": r"\. T @ ",
    "a sigmoid slope s * (1 - s)": rf"\b({_ACTIVATION}) \* \( 1(?:\.0)? - \1 \)|\( 1(?:\.0)? - ({_ACTIVATION}) \) \* \2\b",
    "the sigmoid 1 / (1 + exp(-z))": r"1(?:\.0)? / \( 1(?:\.0)? \+ (?:np|numpy|math) \. exp",
    "a cross-entropy term y * log(a)": r"\bY \* (?:np|numpy) \. log\b|(?:np|numpy) \. log \([^)]*\) \* Y\b"
                                       r"|\( 1(?:\.0)? - Y \) \* (?:np|numpy) \. log",
    "a gradient step P - lr * dP": r"[-+] (?:lr|learning_rate|alpha) \* (?!np \. sign\b)\w",
    "He's scale sqrt(2 / n)": r"sqrt \( (?:\( )?2(?:\.0)? (?:/|if\b)",
    "a moving average (1 - beta) * g": r"\( 1(?:\.0)? - (?:beta\w*|\w+ \[ '' \]) \) \*",
    "a layer's forward W @ A + b": r"\] @ [\w\[\] ]+ \+ \w+ \[",
    "the pixels' scale x / 255": r"/ 255(?:\.0*)?\b",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in FORMULAS.items()}
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
_STRING_PARTS = {getattr(tokenize, name) for name in ("STRING", "FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
                 if hasattr(tokenize, name)}


def code_lines(text: str) -> Dict[int, str]:
    """Each line's code tokens joined by one space, every string (an f-string too) as '' and no comment:
    {line number: tokens}. Unparseable text gives {} (a release's Python files all parse)."""
    lines: Dict[int, List[str]] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type in _SKIPPED:
                continue
            words = lines.setdefault(token.start[0], [])
            if token.type in _STRING_PARTS:
                if not words or words[-1] != "''":
                    words.append("''")
                continue
            words.append(token.string)
    except (tokenize.TokenError, SyntaxError):
        return {}
    return {number: " ".join(words) for number, words in lines.items()}


def formula_lines(folder: Path) -> List[Tuple[str, int, str]]:
    """(file, line number, formula) for each line of code in a Python file under `folder` that writes out
    one of the course's formulas (FORMULAS)."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in sorted(code_lines(text).items()):
            found += [(str(path.relative_to(folder)), number, name) for name, pattern in _COMPILED.items()
                      if pattern.search(line)]
    return found
