// Site-wide module initialiser. Loaded with <script type="module">, so it only
// runs in browsers that GOV.UK Frontend supports. There are no inline scripts:
// the app runs under a strict Content Security Policy.
import { initAll } from "/static/build/govuk-frontend.min.js";
import { initScrollHints } from "./scroll-regions.mjs";
import { initConditionalChoices } from "./conditional-choices.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initScrollHints();
initConditionalChoices();
