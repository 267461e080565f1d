// sendplan's JavaScript entry point, loaded as <script type="module"> at the
// end of <body> (see templates/base.html).
//
// The vendor bundles are copied from node_modules into frontend/dist/js/vendor/
// by `npm run build`; both end up under the same static js/ folder, so the
// relative imports below work with or without hashed static file names.
import { initAll as initGovukFrontend } from "./vendor/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./vendor/moj-frontend.min.js";

// Normally already done by govuk-supported.js; repeated so that a page that
// only loads this file still gets them. A browser running this module
// supports ES modules, which is what "govuk-frontend-supported" means.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

// GOV.UK components with data-module="govuk-..." (skip link, error summary,
// service navigation, radios, checkboxes, tabs, accordion, ...).
initGovukFrontend();

// MOJ components with data-module="moj-..." (sortable table, button menu,
// multi-select, ...). The MOJ filter's toggle button takes options, so a page
// that uses it creates it itself:
//   new FilterToggleButton(element, { ... })
initMojFrontend();

// A table that scrolls sideways on a small screen (frontend/scss/_layout.scss) can be
// focused, so it can be scrolled by keyboard, and is named by its caption.
for (const table of document.querySelectorAll(".govuk-main-wrapper .govuk-table")) {
  if (table.scrollWidth > table.clientWidth + 1 && !table.hasAttribute("tabindex")) {
    table.setAttribute("tabindex", "0");
  }
}
