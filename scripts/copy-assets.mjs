// Copies the browser assets the site needs out of node_modules into
// static/build/ (generated, git-ignored). Run with `npm run build:assets`.
//
// Deliberately NOT copied: GOV.UK Frontend's fonts. GDS Transport is reserved
// for GOV.UK, so this service uses a system font stack instead.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const build = join(root, "static", "build");
const govuk = join(modules, "govuk-frontend", "dist", "govuk");

function copy(from, to, { required = true } = {}) {
  if (!existsSync(from)) {
    if (required) {
      console.error(`copy-assets: missing ${from} (run npm install)`);
      process.exit(1);
    }
    return;
  }
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
  console.log(`copy-assets: ${from.slice(root.length + 1)} -> ${to.slice(root.length + 1)}`);
}

// GOV.UK Frontend JavaScript (ES module, imported by static/js/app.mjs)
copy(join(govuk, "govuk-frontend.min.js"), join(build, "govuk-frontend.min.js"));

// Images referenced from the compiled CSS. Start clean so stale files from an
// older GOV.UK Frontend release do not linger.
const imagesOut = join(build, "govuk", "assets", "images");
rmSync(imagesOut, { recursive: true, force: true });
copy(join(govuk, "assets", "images"), imagesOut);
// GOV.UK Frontend 5.x shipped brand-refresh images separately; 6.x does not.
copy(
  join(govuk, "assets", "rebrand", "images"),
  join(build, "govuk", "assets", "rebrand", "images"),
  { required: false },
);

// axe-core, injected by the browser accessibility tests
copy(join(modules, "axe-core", "axe.min.js"), join(build, "axe.min.js"));
