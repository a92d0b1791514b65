// Starts Swagger UI on /docs from the schema URL the page names (the page's CSP allows no inline script).
"use strict";
(function () {
  const container = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: container.dataset.openapiUrl,
    domNode: container,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
})();
