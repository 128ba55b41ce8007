// Run `render(body)` on every page view. Material's instant navigation swaps pages without
// reloading and emits document$ each time. Opened from file:// (a built site double-clicked),
// instant navigation never starts and document$ never emits: the load event renders then.
function onEachPage(render) {
  let rendered = false;
  if (typeof document$ !== "undefined") document$.subscribe(({ body }) => { rendered = true; render(body); });
  window.addEventListener("load", () => { if (!rendered) render(document.body); });
}
