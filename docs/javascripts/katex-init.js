// Typeset the math on every page view (onEachPage, each-page.js: instant navigation swaps
// pages without reloading).
// pymdownx.arithmatex (generic mode) wraps each formula in an .arithmatex element with
// \( \) or \[ \] delimiters; render only those, so no other text is taken for math.
onEachPage((body) => {
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
