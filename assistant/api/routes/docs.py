"""The API's interactive reference at ``/docs``: Swagger UI served by the service itself.

FastAPI's built-in page loads Swagger UI from a CDN and starts it with an inline script. This service runs
where nothing outside can be reached, and every page it serves forbids inline script, so that page stayed
blank. Here the Swagger UI files (version 5, which reads OpenAPI 3.1) come from the ``fastapi-swagger``
package and a small script of ours starts it, so the page works offline under a strict Content-Security-Policy.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from assistant.api.routes.pages import ASSET_HEADERS, STATIC_DIR, templates

router = APIRouter(include_in_schema=False)

#: The chat page's policy, plus the data: URLs Swagger UI draws its icons from.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SWAGGER_DIR = files("fastapi_swagger.resources")
#: The only files of the bundle the page needs, by the name the page asks for.
SWAGGER_ASSETS = {"swagger-ui.css": "text/css; charset=utf-8",
                  "swagger-ui-bundle.js": "text/javascript; charset=utf-8"}


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    """The interactive API reference, built from ``/openapi.json``."""
    root = request.scope.get("root_path", "")
    page = {"root": root, "openapi_url": root + request.app.openapi_url}
    return templates.TemplateResponse(request, "docs.html", page, headers={"Content-Security-Policy": DOCS_CSP})


@router.get("/docs/start.js")
def start_script() -> FileResponse:
    """Starts Swagger UI on the page (a file, because the page allows no inline script)."""
    return FileResponse(STATIC_DIR / "docs.js", media_type="text/javascript; charset=utf-8", headers=ASSET_HEADERS)


@router.get("/docs/docs.css")
def docs_style() -> FileResponse:
    """Our styles over Swagger UI's, so that the reference meets WCAG AA."""
    return FileResponse(STATIC_DIR / "docs.css", media_type="text/css; charset=utf-8", headers=ASSET_HEADERS)


@router.get("/docs/assets/{name}")
def swagger_asset(name: str) -> FileResponse:
    """One of the Swagger UI files the page loads; any other name is 404."""
    if name not in SWAGGER_ASSETS:
        raise HTTPException(404, f"no asset named {name!r}")
    return FileResponse(str(SWAGGER_DIR / name), media_type=SWAGGER_ASSETS[name], headers=ASSET_HEADERS)
