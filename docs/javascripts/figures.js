// Click to enlarge: a figure of the pages opens at its own pixel size in an overlay that
// scrolls both ways, so on a phone (where the column shrinks it) its text is as large as
// it was drawn (at least 12 px: tests/test_docs.py measures it). Click, Escape or the
// button closes it. Run on every page view, like katex-init.js (onEachPage, each-page.js).
onEachPage((body) => {
  for (const image of body.querySelectorAll("article img[src*='figures/']")) {
    if (image.classList.contains("figure-zoomable")) continue;  // already set up
    image.classList.add("figure-zoomable");
    image.title = "Click to enlarge";
    image.tabIndex = 0;
    image.addEventListener("click", () => openFigure(image));
    image.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openFigure(image); }
    });
    // On a phone the column shrinks a figure's text below 12 px: say it opens at full size.
    const hint = document.createElement("span");
    hint.className = "figure-hint";
    hint.textContent = "Tap the figure to see it at full size";
    image.after(hint);
  }
});

function openFigure(image) {
  const overlay = document.createElement("div");
  overlay.className = "figure-overlay";
  overlay.setAttribute("role", "dialog");
  overlay.setAttribute("aria-label", image.alt || "figure");
  const close = document.createElement("button");
  close.className = "figure-overlay__close";
  close.textContent = "Close ✕";
  const large = document.createElement("img");
  large.src = image.currentSrc || image.src;
  large.alt = image.alt;
  large.width = image.naturalWidth;  // its own size: never shrunk to the screen
  overlay.append(close, large);
  const shut = () => { overlay.remove(); document.removeEventListener("keydown", onKey); image.focus(); };
  const onKey = (event) => { if (event.key === "Escape") shut(); };
  overlay.addEventListener("click", shut);
  document.addEventListener("keydown", onKey);
  document.body.append(overlay);
  close.focus();
}
