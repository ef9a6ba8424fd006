"""The web dashboard (SRS 3.1.1, issue 12): results, trends, coverage, configuration and runs in a browser.

Server-rendered (FastAPI + Jinja2) with a little JavaScript (htmx, served from tools/node_modules,
never a CDN); accounts, sessions and the audit log live in the results database. Tour: docs/dashboard.md.
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8780
COMMAND = "./jump dashboard"
DEFAULT_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
