"""support/config and ./jump test:config: layering, CI variables, errors, secrets, local resolution.

Requirements: CFG-001.1 (environment-specific configuration), CFG-001.4 (execution parameters),
CI-001.5 (pipeline variables), SEC-001.3 (secure credential storage).
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support.config import (
    ConfigError,
    MaskingFilter,
    SecretResolver,
    ensure_local_stack,
    load_settings,
    loader,
    mask,
    resolve_auto,
)
from support.config.local import STACK_SOURCE
from support.config.models import FrameworkSettings
from support.errors import StackError
from support.run.cli import app
from support.stack.lifecycle import LocalStack, StackStatus
from support.stack.state import SHORT_LOCK_TTL_S
from tests.stubs.vault import running_vault

REPO = Path(__file__).resolve().parents[2]
LOCAL_FILE = "support/config/environments/local.toml"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """No JUMP_*/CI_* variables leak in from the shell or a pipeline; overrides go to tmp_path."""
    for name in list(os.environ):
        if name.startswith(("JUMP_", "CI_")) or name == "VAULT_TOKEN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("JUMP_CONFIG_DIR", str(tmp_path))
    return {"JUMP_CONFIG_DIR": str(tmp_path)}


def cli(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["test:config", *args], env=env or None)
    return result.exit_code, result.stdout, result.stderr


# -- layering (CFG-001.1, CFG-001.4) ---------------------------------------------------------------
@pytest.mark.req("CFG-001.1")
@pytest.mark.parametrize("env", ["local", "integration", "staging", "production"])
def test_every_environment_file_loads(env: str, clean_environ: dict[str, str]) -> None:
    settings = load_settings(env, environ=clean_environ)
    assert settings.environment == env
    assert settings.run.read_only is (env == "production")
    assert settings.run.manage_local_stack is (env == "local")


@pytest.mark.req("CFG-001.1", "CFG-001.4")
def test_each_layer_overrides_the_one_below(clean_environ: dict[str, str], tmp_path: Path) -> None:
    environ = dict(clean_environ)

    def parallel() -> tuple[int, str]:
        settings = load_settings("local", overrides=overrides, environ=environ)
        return settings.run.parallel, settings.source_of("run.parallel")

    overrides: dict[str, str] = {}
    assert load_settings("local", environ=environ).run.retry.max_attempts == 4  # a default
    assert load_settings("local", environ=environ).source_of("run.retry.max_attempts") == "defaults"
    assert parallel() == (1, LOCAL_FILE)
    (tmp_path / "config.local.toml").write_text("[run]\nparallel = 3\n")
    assert parallel() == (3, str(tmp_path / "config.local.toml"))
    environ["JUMP_RUN__PARALLEL"] = "5"
    assert parallel() == (5, "JUMP_RUN__PARALLEL")
    overrides = {"run.parallel": "6"}
    assert parallel() == (6, "CLI override run.parallel")


@pytest.mark.req("CFG-001.4")
def test_env_vars_nest_with_double_underscore_and_accept_json_tables(clean_environ: dict[str, str]) -> None:
    environ = {**clean_environ, "JUMP_RUN": '{"tags": "@smoke", "retry": {"max_attempts": 2}}',
               "JUMP_PLATFORM__CONNECT_TIMEOUT_S": "1.5", "JUMP_STACK_HOME": "/not/a/setting"}
    settings = load_settings("local", environ=environ)
    assert (settings.run.tags, settings.run.retry.max_attempts) == ("@smoke", 2)
    assert settings.platform.connect_timeout_s == 1.5
    assert settings.source_of("run.retry.max_attempts") == "JUMP_RUN"


def test_list_settings_take_the_same_comma_list_in_a_variable_as_in_set(clean_environ: dict[str, str]) -> None:
    """JUMP_DASHBOARD__SSO__SCOPES=openid,email was refused as 'JUMP_DASHBOARD is not valid JSON' (a variable nobody set)."""
    environ = {**clean_environ, "JUMP_DASHBOARD__SSO__SCOPES": "openid,email,groups", "JUMP_REPORTING__MASK_PII": "email,phone",
               "JUMP_PLUGINS__DATADOG__TAGS": '["team:qa"]'}
    settings = load_settings("local", environ=environ)
    assert settings.dashboard.sso.scopes == ["openid", "email", "groups"]
    assert settings.reporting.mask_pii == ["email", "phone"]
    assert settings.plugins.datadog.tags == ["team:qa"]   # a JSON list still works
    assert settings.source_of("dashboard.sso.scopes") == "JUMP_DASHBOARD__SSO__SCOPES"


@pytest.mark.req("CFG-001.1")
def test_jump_env_picks_the_environment_and_the_argument_wins(clean_environ: dict[str, str]) -> None:
    environ = {**clean_environ, "JUMP_ENV": "staging"}
    assert load_settings(environ=environ).platform.rest_url == "https://api.staging.jump.example"
    assert load_settings("integration", environ=environ).environment == "integration"
    assert load_settings(environ=clean_environ).environment == "local"


@pytest.mark.req("CI-001.5")
def test_gitlab_ci_variables_fill_the_ci_section(clean_environ: dict[str, str]) -> None:
    environ = {**clean_environ, "CI_PIPELINE_ID": "4711", "CI_JOB_URL": "https://gitlab.example/jump/-/jobs/9",
               "CI_COMMIT_SHA": "abc123", "CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3"}
    ci = load_settings("local", environ=environ).ci
    assert (ci.active, ci.pipeline_id, ci.commit_sha, ci.shard) == (True, "4711", "abc123", (1, 3))
    outside = load_settings("local", environ=clean_environ).ci
    assert (outside.active, outside.shard) == (False, (0, 1))


# -- one-line errors through the CLI (exit 2, key and source named) --------------------------------
@pytest.mark.parametrize(
    ("args", "env", "line"),
    [
        ((), {"JUMP_RUN__PARALLEL": "abc"},
         "config error: run.parallel = 'abc' in JUMP_RUN__PARALLEL: input should be a valid integer"),
        (("--env", "stagin"), {},
         "config error: unknown environment 'stagin' (known: local, integration, staging, production, postgraphile; or a path to a .toml file)"),
        (("--set", "run.parallel=0"), {},
         "config error: run.parallel = '0' in --set run.parallel: input should be greater than 0"),
        (("--set", "run.paralel=2"), {}, "config error: run.paralel is not a known key in --set run.paralel"),
        (("--env", "staging", "--set", "platform.verify_tls=false"), {},
         "config error: platform.verify_tls = False in --set platform.verify_tls: TLS verification cannot"),
        (("--env", "production"), {"JUMP_RUN__READ_ONLY": "false"},
         "config error: run.read_only = False in JUMP_RUN__READ_ONLY: production runs are read-only"),
        (("--env", "integration"), {"JUMP_AUTH__CREDENTIALS__ADMIN__PASSWORD": "jump-admin-local"},
         "config error: auth.credentials.admin.password = '********' in JUMP_AUTH__CREDENTIALS__ADMIN__PASSWORD"),
        (("--env", "production"), {"JUMP_PLATFORM__REST_URL": "auto"},
         "config error: platform.rest_url = 'auto' in JUMP_PLATFORM__REST_URL: 'auto' reads the local stack"),
        ((), {"JUMP_ENVIRONMENT": "staging"}, "config error: environment cannot be set in JUMP_ENVIRONMENT"),
        ((), {"JUMP_DATABASES__EVENTS": "mysql://qa:pw-1234@db/x"},
         "config error: databases.events = 'mysql://qa:********@db/x' in JUMP_DATABASES__EVENTS: input should be a"),
        (("--get", "run.nope"), {}, "config error: run.nope is not a known key"),
    ],
)
def test_errors_are_one_line_naming_key_and_source(args: tuple[str, ...], env: dict[str, str], line: str) -> None:
    code, out, err = cli(*args, **env)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(line), err
    assert "jump-admin-local" not in err


def test_missing_and_unknown_keys_in_files_name_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    envs = tmp_path / "environments"
    envs.mkdir()
    staging = (REPO / "support/config/environments/staging.toml").read_text()
    (envs / "staging.toml").write_text(staging.replace('username = "qa-admin@jump.example"\n', "", 1))
    monkeypatch.setattr(loader, "ENVIRONMENTS_DIR", envs)
    missing = f"config error: auth.credentials.admin.username is missing in {envs / 'staging.toml'}\n"
    assert cli("--env", "staging") == (2, "", missing)
    monkeypatch.undo()
    monkeypatch.setenv("JUMP_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.local.toml").write_text("[run]\nparalel = 2\n")
    assert cli() == (2, "", f"config error: run.paralel is not a known key in {tmp_path / 'config.local.toml'}\n")
    (tmp_path / "config.local.toml").write_text("[run\n")
    code, _, err = cli()
    assert code == 2 and err.startswith(f"config error: {tmp_path / 'config.local.toml'} is not valid TOML")


@pytest.mark.req("ERR-001.1")
def test_the_launcher_prints_no_traceback() -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JUMP_")}
    done = subprocess.run([str(REPO / "jump"), "test:config", "--env", "stagin"],
                          capture_output=True, text=True, check=False, timeout=60, env=environ)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "config error: unknown environment 'stagin' (known: local, integration, staging, production, postgraphile; or a path to a .toml file)\n"
    )


# -- test:config output and --set ------------------------------------------------------------------
def test_effective_config_is_toml_with_secrets_masked_and_sources() -> None:
    code, out, _ = cli(JUMP_DATABASES__EVENTS="postgresql://qa:pg-s3cret@db.example/jump_events")
    assert code == 0
    assert "jump-admin-local" not in out and "pg-s3cret" not in out
    assert 'password = "********"' in out
    assert "postgresql://qa:********@db.example/jump_events" in out
    assert f"# [run] from {LOCAL_FILE}: manage_local_stack, parallel; rest: defaults" in out
    assert "JUMP_DATABASES__EVENTS: events" in out
    assert cli("--get", "auth.credentials.admin.password") == (0, "********\n", "")
    code, out, _ = cli("--env", "staging", "--get", "auth.credentials.admin.password")
    assert out == "vault:secret/jump/staging/accounts#admin\n"  # a reference is not a secret


@pytest.mark.req("CFG-001.4")
def test_set_validates_then_writes_the_user_override_file(tmp_path: Path) -> None:
    assert cli("--set", "run.parallel=4", "--set", "run.tags=@smoke and not @slow")[0] == 0
    assert cli("--set", "run.parallel=abc")[0] == 2  # refused, the file keeps 4
    text = (tmp_path / "config.local.toml").read_text()
    assert 'parallel = 4\ntags = "@smoke and not @slow"' in text
    assert cli("--get", "run.parallel") == (0, "4\n", "")
    assert cli("--get", "run.parallel", JUMP_RUN__PARALLEL="8") == (0, "8\n", "")  # variables sit above the file


# -- secrets (SEC-001.3) ---------------------------------------------------------------------------
@pytest.mark.req("SEC-001.3")
def test_loaded_secrets_are_registered_for_masking(caplog: pytest.LogCaptureFixture) -> None:
    load_settings("local", environ={})
    assert mask("login admin/jump-admin-local") == "login admin/********"
    logger = logging.getLogger("jump.test.masking")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("password was %s", "jump-ops-local")
    assert caplog.records[-1].getMessage() == "password was ********"


@pytest.mark.req("SEC-001.3")
def test_env_references_resolve_lazily_and_name_the_missing_variable(clean_environ: dict[str, str]) -> None:
    settings = load_settings("production", environ=clean_environ)  # loading needs no secret
    resolver = SecretResolver(settings, environ={"JUMP_PROD_FAN_PASSWORD": "fan-prod-pw"})
    username, password = resolver.credentials("fan")
    assert (username, password.get_secret_value()) == ("smoke-fan@jump.example", "fan-prod-pw")
    assert mask("fan-prod-pw") == "********"
    with pytest.raises(ConfigError) as caught:
        resolver.credentials("analyst")
    assert str(caught.value) == (
        "config error: auth.credentials.analyst.password = 'env:JUMP_PROD_ANALYST_PASSWORD' in "
        "support/config/environments/production.toml: environment variable JUMP_PROD_ANALYST_PASSWORD is not set: export it"
    )


def _integration_with_vault(url: str, clean_environ: dict[str, str], **extra: str) -> FrameworkSettings:
    return load_settings("integration", environ={**clean_environ, "JUMP_VAULT__URL": url, **extra})


@pytest.mark.req("SEC-001.3")
def test_vault_references_resolve_through_kv_v2(clean_environ: dict[str, str]) -> None:
    """The stub stands in for a Vault server, which cannot run here; hvac talks to it over HTTP."""
    accounts = {"admin": "vault-admin-pw", "ops": "vault-ops-pw"}
    with running_vault("t0ken", {("secret", "jump/integration/accounts"): accounts}) as vault:
        settings = _integration_with_vault(vault.url, clean_environ)
        resolver = SecretResolver(settings, environ={"VAULT_TOKEN": "t0ken"})
        assert resolver.credentials("admin")[1].get_secret_value() == "vault-admin-pw"
        assert resolver.credentials("ops")[1].get_secret_value() == "vault-ops-pw"
        assert vault.requests == [("GET", "/v1/secret/data/jump/integration/accounts", "t0ken", "qa")]  # read once
        assert mask("vault-ops-pw and t0ken") == "******** and ********"
        with pytest.raises(ConfigError, match=r"^config error: auth\.credentials\.fan\.password = "
                           r"'vault:secret/jump/integration/accounts#fan' in .*integration\.toml: "
                           r"Vault secret secret/jump/integration/accounts has no key 'fan'$"):
            resolver.credentials("fan")
        with pytest.raises(ConfigError, match=r"Vault has no secret at secret/jump/integration/database \(404\): check the path in the reference$"):
            resolver.resolve("databases.password")


def test_vault_errors_are_config_errors(clean_environ: dict[str, str]) -> None:
    """Against the stub Vault (a real Vault cannot run here): bad token, default mount, no token."""
    with running_vault("right", {("kv", "jump/shared"): {"admin": "kv-pw"}}) as vault:
        settings = _integration_with_vault(vault.url, clean_environ)
        with pytest.raises(ConfigError, match=r"in .*integration\.toml: Vault at http://127\.0\.0\.1:\d+ denied access \(403: the token expired"):
            SecretResolver(settings, environ={"VAULT_TOKEN": "wrong"}).credentials("admin")
        settings = _integration_with_vault(vault.url, clean_environ, JUMP_VAULT__MOUNT="kv",
                                           JUMP_AUTH__CREDENTIALS__ADMIN__PASSWORD="vault:/jump/shared#admin")
        password = SecretResolver(settings, environ={"VAULT_TOKEN": "right"}).credentials("admin")[1]
        assert password.get_secret_value() == "kv-pw"
        with pytest.raises(ConfigError, match=r"vault\.token = .env:VAULT_TOKEN. in .*: environment variable VAULT"):
            SecretResolver(settings, environ={}).credentials("admin")


# -- "auto" and the local stack --------------------------------------------------------------------
class _DownStack:
    """A LocalStack double that is down and records whether it was asked to start."""

    def __init__(self, running: StackStatus | None = None) -> None:
        self.running, self.started = running, False

    def status(self) -> StackStatus:
        return StackStatus(None, False, None)

    def up(self) -> tuple[StackStatus, bool]:
        self.started = True
        assert self.running is not None
        return self.running, True


def test_auto_values_come_from_the_running_local_stack(local_stack: LocalStack) -> None:
    state = local_stack.load_state()
    assert state is not None
    settings = resolve_auto(load_settings("local", environ={}))
    assert settings.platform.rest_url == state.rest_url
    assert settings.databases.inventory == state.dsn("jump_inventory")
    assert settings.platform.lock_ttl_seconds_hint == state.options.lock_ttl_seconds
    assert settings.platform.short_lock_ttl_graphql_url == state.short_ttl_graphql_url
    assert settings.platform.short_lock_ttl_seconds_hint == min(SHORT_LOCK_TTL_S, state.options.lock_ttl_seconds)
    assert settings.source_of("databases.events") == STACK_SOURCE


def test_resolving_never_starts_the_stack_only_the_explicit_step_does(local_stack: LocalStack) -> None:
    managed = _DownStack(running=local_stack.status())
    with pytest.raises(StackError, match=r"^platform\.graphql_url is 'auto' \(.*local\.toml\) but the local stack is not "
                       r"running: start it with \./jump stack:up$"):
        resolve_auto(load_settings("local", environ={}), stack=managed)  # type: ignore[arg-type]
    assert not managed.started
    assert ensure_local_stack(load_settings("local", environ={}), stack=managed)  # type: ignore[arg-type]
    assert managed.started
    unmanaged = _DownStack()
    unmanaged_settings = load_settings("local", {"run.manage_local_stack": "false"}, environ={})
    assert not ensure_local_stack(unmanaged_settings, stack=unmanaged)  # type: ignore[arg-type]
    assert not unmanaged.started
    staging = load_settings("staging", environ={})
    assert resolve_auto(staging, stack=unmanaged) is staging  # type: ignore[arg-type]


def test_a_literal_sso_client_secret_names_the_client_secret_setting_and_hides_it(clean_environ: dict[str, str]) -> None:
    """The check runs over the whole dashboard.sso section; its error must still name client_secret's own variable."""
    environ = {**clean_environ, "JUMP_DASHBOARD__SSO__ENABLED": "true", "JUMP_DASHBOARD__SSO__ISSUER": "https://idp.test",
               "JUMP_DASHBOARD__SSO__CLIENT_ID": "jump-dashboard", "JUMP_DASHBOARD__SSO__CLIENT_SECRET": "pasted-s3cret"}
    with pytest.raises(ConfigError) as raised:
        load_settings("local", environ=environ)
    assert str(raised.value) == ("config error: dashboard.sso.client_secret = '********' in JUMP_DASHBOARD__SSO__CLIENT_SECRET: "
                                 "client_secret must be a reference (env:NAME or vault:<mount>/<path>#<key>), "
                                 "not the secret itself")
