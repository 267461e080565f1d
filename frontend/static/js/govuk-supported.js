// Loaded as a classic, blocking <script> at the very start of <body> (see
// templates/base.html), in place of the GOV.UK page template's inline script,
// which a Content Security Policy without 'unsafe-inline' would block.
// Adding the classes before the page is painted stops components that
// JavaScript enhances (accordions, tabs, ...) from flashing their no-JS state.
(function () {
  "use strict";
  var body = document.body;
  body.classList.add("js-enabled");
  if ("noModule" in HTMLScriptElement.prototype) {
    body.classList.add("govuk-frontend-supported");
  }
})();
