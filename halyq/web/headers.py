"""Security headers on every response; the CSP allows no inline script anywhere but /docs.

The Swagger UI page (its files served from the swagger-ui-bundle package, never a CDN) starts
with an inline script, so only /docs gets that allowance; the pages Halyq renders never need it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; worker-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs",)
STATIC_PREFIX = "/static/"
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def tile_img_source(template: str) -> str | None:
    """The img-src entry a map tile template needs (None: no tiles, or tiles from this site).

    "https://tiles.example.kz/{z}/{x}/{y}.png" -> "https://tiles.example.kz";
    "https://{s}.tile.example.kz/..." -> "https://*.tile.example.kz" (Leaflet's subdomains).
    The template was checked by Settings (no spaces, quotes or semicolons can reach the CSP).
    """
    if not template.startswith(("https://", "http://")):
        return None
    scheme, rest = template.split("://", 1)
    host = rest.split("/", 1)[0]
    if host.startswith("{s}."):
        host = "*." + host.removeprefix("{s}.")
    return f"{scheme}://{host}"


def csp_with_images(extra_img_sources: tuple[str, ...]) -> str:
    """The pages' CSP, with these origins also allowed to serve images (map tiles)."""
    if not extra_img_sources:
        return CSP
    return CSP.replace(
        "img-src 'self' data:", "img-src 'self' data: " + " ".join(extra_img_sources)
    )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, img_sources: tuple[str, ...] = ()) -> None:
        self.app = app
        self.csp = csp_with_images(img_sources)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON.items():
                    headers.setdefault(name, value)
                headers["Content-Security-Policy"] = (
                    DOCS_CSP if path.startswith(DOCS_PATHS) else self.csp
                )
                # Pages and API answers carry personal data: keep them out of shared caches.
                if not path.startswith(STATIC_PREFIX):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
