// Questions that belong to one choice, revealed while it is chosen: the import's
// new area's title and theme under "A new area of concern" (a <select>), and a
// question drawn under a radio (templates/includes/field.html).
//
//   <div class="…" data-module="app-conditional"
//        data-controlled-by="<the select's or the radio's id>"
//        data-shown-for="<for a select: the option value that reveals it>">
//
// The block hides (app-conditional--hidden) while its choice is not made. The
// server draws the class from the answer it has, and the class hides nothing
// until this has run: without JavaScript every block shows.
//
// GOV.UK Frontend reveals a radio's question itself, but marks the radio with
// aria-expanded, which is not allowed on a radio (axe-core: aria-allowed-attr,
// critical). This reveals without it; checkboxes keep GOV.UK Frontend's own.
export function initConditionalChoices(root = document) {
  for (const block of root.querySelectorAll('[data-module="app-conditional"]')) {
    const control = document.getElementById(block.dataset.controlledBy);
    if (!control) continue;
    const isRadio = control instanceof HTMLInputElement && control.type === "radio";
    const chosen = isRadio
      ? () => control.checked
      : () => control.value === block.dataset.shownFor;
    const sync = () => {
      block.classList.toggle("app-conditional--hidden", !chosen());
    };
    // A radio is unchosen by a change to another radio of its group.
    const inputs = isRadio
      ? document.querySelectorAll(`input[type="radio"][name="${CSS.escape(control.name)}"]`)
      : [control];
    for (const input of inputs) input.addEventListener("change", sync);
    // A page restored from the back/forward cache keeps the choice made.
    window.addEventListener("pageshow", sync);
    sync();
  }
}
