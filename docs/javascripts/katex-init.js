// Typeset the math on every page view. Material's instant navigation swaps pages
// without reloading, and emits document$ each time, so subscribe rather than run once.
// pymdownx.arithmatex (generic mode) wraps each formula in an .arithmatex element with
// \( \) or \[ \] delimiters; render only those, so no other text is taken for math.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: true, // a typo logs a console error (the browser test fails) instead of red text
    });
  }
});
