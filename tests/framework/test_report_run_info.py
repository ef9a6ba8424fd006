"""environment.properties and executor.json: what ran, against what, from where."""

from support.clients.masking import register_secret
from support.config import load_settings
from support.reporting.run_info import environment_properties, executor, platform_version, write_environment


def test_an_unreachable_or_unresolved_platform_has_an_unknown_version():
    assert platform_version("http://127.0.0.1:1", timeout_s=0.5) == "unknown"
    assert platform_version("auto") == "unknown"


def test_the_properties_name_environment_urls_versions_and_commit(tmp_path):
    settings = load_settings("staging", environ={"STAGING_UNUSED": "1"})
    props = environment_properties(settings)
    assert props["environment"] == "staging"
    assert props["platform.rest_url"].startswith("https://api.staging.jump.example")
    assert {"platform.version", "framework", "git.commit", "coverage"} <= set(props)
    assert executor(settings)["type"] == "local"


def test_the_file_is_java_properties_with_secrets_masked(tmp_path, monkeypatch):
    register_secret("s3cr3t-token-value")
    monkeypatch.setattr("support.reporting.run_info.environment_properties",
                        lambda _: {"platform.rest_url": "https://u:s3cr3t-token-value@h", "odd:key=x": "v"})
    text = write_environment(tmp_path, None).read_text()
    assert "s3cr3t-token-value" not in text and "https://u:********@h" in text
    assert "odd\\:key\\=x = v" in text
