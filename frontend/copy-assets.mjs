// Copy the runtime files sendplan needs from node_modules into frontend/dist/
// (build output, git-ignored). Run by `npm run build` after Sass.
//
// - GOV.UK Frontend's and MOJ Frontend's ES module bundles (+ source maps,
//   which Django's ManifestStaticFilesStorage follows from the
//   sourceMappingURL comment and fails on if missing) -> dist/js/vendor/
// - every image that the compiled CSS refers to with url(...) -> dist/images/
//   The check fails the build if the CSS refers to a file we cannot supply,
//   which would otherwise only show up as a collectstatic error.
//
// No GOV.UK favicons, crown or fonts are copied: sendplan is not a GOV.UK
// service. Its own favicon is in frontend/static/images/.

import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nm = join(root, "node_modules");
const dist = join(root, "frontend", "dist");

const copies = [
  [join(nm, "govuk-frontend/dist/govuk/govuk-frontend.min.js"), "js/vendor/govuk-frontend.min.js"],
  [join(nm, "govuk-frontend/dist/govuk/govuk-frontend.min.js.map"), "js/vendor/govuk-frontend.min.js.map"],
  [join(nm, "@ministryofjustice/frontend/moj/moj-frontend.min.js"), "js/vendor/moj-frontend.min.js"],
  [join(nm, "@ministryofjustice/frontend/moj/moj-frontend.min.js.map"), "js/vendor/moj-frontend.min.js.map"],
];

// Where each images folder named in frontend/scss/_settings.scss comes from.
const imageSources = {
  "images/govuk/": join(nm, "govuk-frontend/dist/govuk/assets/images"),
  "images/moj/": join(nm, "@ministryofjustice/frontend/moj/assets/images"),
};

const cssPath = join(dist, "css", "application.css");
if (!existsSync(cssPath)) {
  console.error(`copy-assets: ${cssPath} is missing; run the Sass step first`);
  process.exit(1);
}
const css = readFileSync(cssPath, "utf8");
const problems = [];
const seen = new Set();
for (const match of css.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/g)) {
  const ref = match[2];
  if (/^(data:|https?:|\/\/|#)/.test(ref) || seen.has(ref)) continue;
  seen.add(ref);
  const target = posix.normalize(posix.join("css", ref)); // relative to dist/
  const prefix = Object.keys(imageSources).find((p) => target.startsWith(p));
  if (!prefix) {
    problems.push(`${ref} (no known source folder for ${target})`);
    continue;
  }
  copies.push([join(imageSources[prefix], target.slice(prefix.length)), target]);
}

for (const [from, to] of copies) {
  if (!existsSync(from)) {
    problems.push(`${to} (source ${from} not found)`);
    continue;
  }
  const dest = join(dist, to);
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(from, dest);
}

if (problems.length) {
  console.error("copy-assets: cannot supply:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log(`copy-assets: copied ${copies.length} files into frontend/dist/`);
