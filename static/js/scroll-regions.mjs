// Regions that scroll sideways (a wide table in <div class="app-table-wrapper"
// role="region" tabindex="0">) may name a hint, hidden in the markup, that says
// so: data-scroll-hint="<the hint's id>". The hint shows while the region is
// narrower than its content, and hides again when everything fits.
export function initScrollHints(root = document) {
  for (const region of root.querySelectorAll("[data-scroll-hint]")) {
    const hint = document.getElementById(region.dataset.scrollHint);
    if (!hint) continue;
    const update = () => {
      hint.hidden = region.scrollWidth <= region.clientWidth + 1;
    };
    new ResizeObserver(update).observe(region);
    update();
  }
}
