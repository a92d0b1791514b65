// Starts Swagger UI on /docs from the schema URL the page names (the page's CSP allows no inline script).
"use strict";
(function () {
  const container = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: container.dataset.openapiUrl,
    domNode: container,
    // No deep links: Swagger UI puts them inside each operation's toggle button, a link nested in a button.
    deepLinking: false,
    presets: [window.SwaggerUIBundle.presets.apis],
  });

  // What Swagger UI leaves out for keyboard and screen-reader users, added as it renders: a name for the
  // request-body box, and keyboard access to the code blocks that scroll sideways.
  const label = () => {
    for (const box of container.querySelectorAll("textarea:not([aria-label])")) box.setAttribute("aria-label", "Request body (JSON)");
    for (const code of container.querySelectorAll(".microlight:not([tabindex])")) {
      code.setAttribute("tabindex", "0");
      code.setAttribute("role", "region");
      code.setAttribute("aria-label", "Example or response body");
    }
  };
  new MutationObserver(label).observe(container, { childList: true, subtree: true });
})();
