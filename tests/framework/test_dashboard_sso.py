"""Dashboard sign-in through OpenID Connect (SSO) against a real provider: node-oidc-provider (npm, pinned in
tools/package.json), started on loopback by the same script and launcher as the PostGraphile example's
OAuth2 provider, with an authorization-code client for the dashboard and four accounts. The browser is
requests following the redirects and submitting the provider's own login and consent forms."""

from __future__ import annotations

import html
import os
import re
import subprocess
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests

from support.config import load_settings
from support.dashboard.sso import CALLBACK_PATH, SsoClient, check_provider
from support.errors import IdentityProviderUnreachable
from support.run.exit_codes import exit_code_for
from support.stack.postgres import free_port
from tests.dashboard_support import REPO, SSO_CLIENT_ID, SSO_SECRET_ENV, RunningDashboard, dashboard_with_sso, sso_overrides

PROVIDER_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*method="post">\s*<input type="hidden" name="prompt" value="(\w+)"')


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDashboard]:
    with dashboard_with_sso(dsns["results"], tmp_path_factory.mktemp("oidc")) as running:
        yield running


def through_the_provider(dash: RunningDashboard, login: str, http: requests.Session | None = None,
                         prompts: list[str] | None = None) -> tuple[requests.Session, str, str]:
    """A browser (``http``, else a new one) that clicks "Sign in with Corp ID", signs in at the provider as
    ``login`` and consents, noting in ``prompts`` the provider's pages it had to fill in (none when the provider
    still has a session); returns it, the authorization URL it was sent to and the callback URL it comes back to."""
    http = http or requests.Session()
    url, data, authorization = f"{dash.url}/login/sso?next=/runs", None, ""
    for _ in range(12):
        answer = http.request("POST" if data else "GET", url, data=data, allow_redirects=False, timeout=10)
        if answer.is_redirect:
            url, data = urljoin(url, answer.headers["location"]), None
            authorization = authorization or url
            if url.startswith(f"{dash.url}{CALLBACK_PATH}"):
                return http, authorization, url
            continue
        form = PROVIDER_FORM.search(answer.text)
        assert form, f"{answer.status_code} at {url}: {answer.text[:300]}"
        url = urljoin(url, form.group(1))
        if prompts is not None:
            prompts.append(form.group(2))
        data = {"prompt": "login", "login": login, "password": "any"} if form.group(2) == "login" else {"prompt": "consent"}
    raise AssertionError("the provider never sent the browser back to the dashboard")


def signed_in_as(dash: RunningDashboard, login: str, http: requests.Session | None = None,
                 prompts: list[str] | None = None) -> requests.Session:
    http, _, callback = through_the_provider(dash, login, http, prompts)
    page = http.get(callback, timeout=10)
    assert page.status_code == 200 and 'http-equiv="refresh" content="0; url=/runs"' in page.text, page.text[:500]
    return http


def test_the_code_flow_signs_in_with_the_mapped_role(dash: RunningDashboard) -> None:
    assert "Sign in with Corp ID" in requests.get(f"{dash.url}/login", timeout=10).text
    http, authorization, _ = through_the_provider(dash, "bob@corp.test")
    sent = parse_qs(urlsplit(authorization).query)
    assert sent["code_challenge_method"] == ["S256"] and sent["nonce"] and sent["state"] and sent["scope"] == ["openid email groups"]
    http = signed_in_as(dash, "bob@corp.test")
    runs = http.get(f"{dash.url}/runs", timeout=10)
    assert runs.status_code == 200 and "bob@corp.test (runner)" in runs.text
    assert http.get(f"{dash.url}/users", timeout=10).status_code == 403  # a runner, not an admin
    admin = signed_in_as(dash, "alice@corp.test")  # two mapped groups: the higher role wins
    assert admin.get(f"{dash.url}/users", timeout=10).status_code == 200
    entry = dash.app.state.audit.recent(5, "alice@corp.test")[0]  # type: ignore[attr-defined]
    assert entry.action == "signed in" and entry.detail["via"] == "sso" and entry.detail["role"] == "admin"
    with dash.db.cursor() as cur:
        cur.execute("SELECT role, password_hash FROM dashboard_users WHERE name = 'bob@corp.test'")
        assert cur.fetchone() == {"role": "runner", "password_hash": None}  # an SSO account: no password to sign in with
        cur.execute("UPDATE dashboard_sessions SET last_seen = now() - interval '31 minutes' WHERE user_name = 'bob@corp.test'")
    assert http.get(f"{dash.url}/runs", timeout=10, allow_redirects=False).status_code == 303  # the local sessions' timeout
    assert dash.sign_in("viewer").get(f"{dash.url}/", timeout=10).status_code == 200  # local accounts keep working


def signed_out(dash: RunningDashboard, http: requests.Session) -> requests.Response:
    """The Sign out button, then the provider's "Yes, sign me out" when the dashboard sends the browser there."""
    page = http.post(f"{dash.url}/logout", data={"csrf": dash.csrf(http, "/runs")}, timeout=10)
    onwards = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page.text)
    if onwards:  # "Signed out", moving on to the provider
        page = http.get(html.unescape(onwards.group(1)), timeout=10)
    confirm = re.search(r'<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"',
                        page.text)
    if confirm:  # at the provider
        page = http.post(urljoin(page.url, confirm.group(1)), data={"xsrf": confirm.group(2), "logout": "yes"}, timeout=10)
    return page


def test_signing_out_ends_the_provider_session_too(dash: RunningDashboard) -> None:
    """Otherwise the next person at a shared machine who clicks "Sign in with Corp ID" is signed in as you."""
    http, first, second = requests.Session(), [], []
    signed_in_as(dash, "bob@corp.test", http, first)
    signed_in_as(dash, "bob@corp.test", http, second)  # while the provider has a session: no page to fill in
    assert first == ["login", "consent"] and second == [] and http.get(f"{dash.url}/runs", timeout=10, allow_redirects=False).status_code == 200
    page = signed_out(dash, http)
    assert page.url == f"{dash.url}/login" and "Sign in with Corp ID" in page.text
    assert http.get(f"{dash.url}/runs", timeout=10, allow_redirects=False).status_code == 303
    entry = dash.app.state.audit.recent(5, "bob@corp.test")[0]  # type: ignore[attr-defined]
    assert entry.action == "signed out" and entry.detail == {"via": "sso", "provider": "sent there to end its session"}
    again: list[str] = []
    signed_in_as(dash, "bob@corp.test", http, again)
    assert again[0] == "login"  # the provider asks who you are again


def test_the_provider_session_is_kept_when_turned_off(dash: RunningDashboard) -> None:
    app_state = dash.app.state  # type: ignore[attr-defined]
    right = app_state.sso
    app_state.sso = SsoClient(right.sso.model_copy(update={"sign_out_at_provider": False}), dash.sso_secret)
    try:
        http = signed_in_as(dash, "bob@corp.test")
        page = signed_out(dash, http)
        again: list[str] = []
        signed_in_as(dash, "bob@corp.test", http, again)
    finally:
        app_state.sso = right
    assert page.url == f"{dash.url}/login" and again == []  # straight back in: only the dashboard's session ended
    entry = dash.app.state.audit.recent(5, "bob@corp.test")[1]  # type: ignore[attr-defined]
    assert entry.action == "signed out" and entry.detail["provider"] == "session kept (turned off or not offered)"


def test_a_user_whose_claims_map_to_no_role_is_refused(dash: RunningDashboard) -> None:
    http, _, callback = through_the_provider(dash, "carol@corp.test")
    page = http.get(callback, timeout=10)
    assert page.status_code == 401 and "no dashboard role for carol@corp.test" in page.text
    assert "jump_session" not in http.cookies
    entry = dash.app.state.audit.recent(5, "carol@corp.test")[0]  # type: ignore[attr-defined]
    assert entry.action == "sign-in refused" and entry.detail["via"] == "sso"


def test_a_tampered_state_is_refused(dash: RunningDashboard) -> None:
    http, _, callback = through_the_provider(dash, "alice@corp.test")
    query = parse_qs(urlsplit(callback).query)
    tampered = f"{dash.url}{CALLBACK_PATH}?" + urlencode({"code": query["code"][0], "state": query["state"][0][:-2] + "xx",
                                                           "iss": query.get("iss", [""])[0]})
    page = http.get(tampered, timeout=10)
    assert page.status_code == 401 and "could not be matched to this browser" in page.text
    assert "jump_session" not in http.cookies


def test_a_local_account_cannot_be_taken_over_through_the_provider(dash: RunningDashboard) -> None:
    http, _, callback = through_the_provider(dash, "admin")  # the fixture's local admin, by name
    page = http.get(callback, timeout=10)
    assert page.status_code == 401 and "admin is a local account" in page.text and "jump_session" not in http.cookies


def test_the_users_page_marks_sso_accounts_and_refuses_them_a_password(dash: RunningDashboard) -> None:
    """A password would turn the SSO account into a local one, which the provider may then no longer sign in."""
    signed_in_as(dash, "bob@corp.test")
    admin = dash.sign_in("admin")
    page = admin.get(f"{dash.url}/users", timeout=10).text
    assert re.search(r'<th scope="row">bob@corp\.test</th>\s*<td>single sign-on</td>', page), page
    assert re.search(r'<th scope="row">admin</th>\s*<td>password</td>', page), page
    answer = admin.post(f"{dash.url}/users", timeout=10, data={"csrf": dash.csrf(admin, "/users"), "name": "bob@corp.test",
                                                               "role": "admin", "password": "a-password-for-bob"})
    assert answer.status_code == 400
    assert re.search(r'role="alert">([^<]*)<', answer.text).group(1) == (  # type: ignore[union-attr]
        "bob@corp.test signs in through single sign-on: it has no password to set (its role comes from the identity provider)")
    with dash.db.cursor() as cur:
        cur.execute("SELECT role, password_hash FROM dashboard_users WHERE name = 'bob@corp.test'")
        assert cur.fetchone() == {"role": "runner", "password_hash": None}
    assert "bob@corp.test (runner)" in signed_in_as(dash, "bob@corp.test").get(f"{dash.url}/runs", timeout=10).text


def test_a_wrong_client_secret_is_one_line_on_the_page(dash: RunningDashboard) -> None:
    app_state = dash.app.state  # type: ignore[attr-defined]
    right = app_state.sso
    app_state.sso = SsoClient(right.sso, "not-the-secret")
    try:
        http, _, callback = through_the_provider(dash, "bob@corp.test")
        page = http.get(callback, timeout=10)
    finally:
        app_state.sso = right
    assert page.status_code == 401 and "jump_session" not in http.cookies
    line = re.search(r'role="alert">([^<]*)<', page.text).group(1)  # type: ignore[union-attr]
    assert f"refused client &#39;{SSO_CLIENT_ID}&#39; (invalid_client" in line and "check dashboard.sso.client_id and client_secret" in line
    assert "not-the-secret" not in page.text and "Traceback" not in page.text


def test_an_unreachable_provider_is_one_line_on_the_page(dash: RunningDashboard) -> None:
    app_state = dash.app.state  # type: ignore[attr-defined]
    right = app_state.sso
    app_state.sso = SsoClient(right.sso.model_copy(update={"issuer": f"http://127.0.0.1:{free_port()}"}), "x")
    try:
        page = requests.get(f"{dash.url}/login/sso", timeout=10)
    finally:
        app_state.sso = right
    assert page.status_code == 502 and "SSO identity provider unreachable at" in page.text and "Traceback" not in page.text


def test_a_wrong_client_secret_stops_the_command_line_at_start_up_with_one_line(dash: RunningDashboard) -> None:
    issuer = dash.sso_issuer
    env = os.environ | {SSO_SECRET_ENV: "not-the-secret"} | {
        "JUMP_" + key.upper().replace(".", "__"): value for key, value in sso_overrides(issuer).items() if ".roles." not in key
    } | {"JUMP_DASHBOARD__SSO__SCOPES": '["openid", "email", "groups"]'}  # a list from a variable is JSON
    done = subprocess.run([str(REPO / "jump"), "dashboard", "--port", "0"], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == (f"config error: dashboard.sso.client_secret: the identity provider at {issuer} refused client "
                                   f"'{SSO_CLIENT_ID}' (invalid_client: client authentication failed): check dashboard.sso.client_id "
                                   "and client_secret")


def test_the_start_up_check_names_an_unreachable_provider_and_passes_a_right_secret(dash: RunningDashboard) -> None:
    check_provider(load_settings("local", sso_overrides(dash.sso_issuer)), f"{dash.url}{CALLBACK_PATH}")  # no error
    closed = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(IdentityProviderUnreachable) as raised:
        check_provider(load_settings("local", sso_overrides(closed)), f"{dash.url}{CALLBACK_PATH}")
    assert str(raised.value) == (f"SSO identity provider unreachable at {closed}/.well-known/openid-configuration (ConnectError): "
                                 "check dashboard.sso.issuer and that the provider is up")
    assert exit_code_for(raised.value) == 3
