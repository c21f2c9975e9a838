"""Config module: precedence of sources, errors naming the file, and safe writes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.fakeapi import ID_INSTANCE, TOKEN

from greenstatus import config
from greenstatus.errors import ConfigError, ExitCode, UsageError

FILE = f"""# my notes: keep me
default_profile = "shop"

[profiles.shop]  # the shop's instance
id_instance = "{ID_INSTANCE}"
api_token_instance = "{TOKEN}"
api_url = "https://1101.api.greenapi.com"
background_color = "#228B22"

[profiles.home]
id_instance = "2202000002"
api_token_instance = "hometoken0123456789"
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_path_is_under_the_platform_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GREENSTATUS_CONFIG", raising=False)
    path = config.config_path()
    assert path.name == "config.toml" and path.parent.name == "greenstatus"
    assert str(path).startswith(os.environ["XDG_CONFIG_HOME"])
    assert config.config_path("/x/y.toml") == Path("/x/y.toml")


def test_file_profile_and_defaults(write_config: Callable[[str], Path]) -> None:
    write_config(FILE)
    settings = config.resolve()
    assert settings.profile == "shop" and settings.profile_source == "file default_profile"
    assert settings.credentials() == ("https://1101.api.greenapi.com", ID_INSTANCE, TOKEN)
    assert settings.get("timeout") == 30.0 and settings.sources["timeout"] == "default"
    assert settings.warnings == []


def test_environment_beats_the_file(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(FILE)
    monkeypatch.setenv("GREENSTATUS_ID_INSTANCE", "42")
    monkeypatch.setenv("GREENSTATUS_API_URL", "http://127.0.0.1:9/")
    settings = config.resolve()
    assert settings.get("id_instance") == "42"
    assert settings.get("api_url") == "http://127.0.0.1:9"
    assert settings.sources["id_instance"] == "env GREENSTATUS_ID_INSTANCE"
    assert settings.get("api_token_instance") == TOKEN


def test_explicit_profile_option_beats_credential_variables(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(FILE)
    monkeypatch.setenv("GREENSTATUS_ID_INSTANCE", "42")
    settings = config.resolve(profile_option="home")
    assert settings.get("id_instance") == "2202000002"
    assert settings.get("api_url") == config.DEFAULT_API_URL


def test_profile_variable_chooses_the_profile(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(FILE)
    monkeypatch.setenv("GREENSTATUS_PROFILE", "home")
    assert config.resolve().get("id_instance") == "2202000002"


def test_three_variables_need_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENSTATUS_ID_INSTANCE", ID_INSTANCE)
    monkeypatch.setenv("GREENSTATUS_API_TOKEN_INSTANCE", TOKEN)
    settings = config.resolve()
    assert settings.credentials() == (config.DEFAULT_API_URL, ID_INSTANCE, TOKEN)


def test_unknown_profile_is_78_listing_profiles(write_config: Callable[[str], Path]) -> None:
    write_config(FILE)
    with pytest.raises(ConfigError, match="profiles there: shop, home") as caught:
        config.resolve(profile_option="nope")
    assert caught.value.exit_code == ExitCode.CONFIG


def test_broken_toml_names_file_and_line(write_config: Callable[[str], Path]) -> None:
    path = write_config('default_profile = "x"\n[profiles.x\nid = 1\n')
    with pytest.raises(ConfigError) as caught:
        config.resolve()
    assert str(path) in caught.value.message and "line 2" in caught.value.message


def test_invalid_value_in_file_is_78(write_config: Callable[[str], Path]) -> None:
    write_config('[profiles.default]\nid_instance = "12ab"\n')
    with pytest.raises(ConfigError, match="1 to 10 digits"):
        config.resolve()


def test_no_credentials_names_the_way_out() -> None:
    with pytest.raises(ConfigError, match="config init") as caught:
        config.resolve().credentials()
    assert "GREENSTATUS_API_TOKEN_INSTANCE" in caught.value.message


def test_readable_file_draws_a_chmod_warning(write_config: Callable[[str], Path]) -> None:
    path = write_config(FILE)
    path.chmod(0o644)
    assert config.resolve().warnings == [
        f"config file {path} is readable by others (mode 644); fix: chmod 600 {path}"
    ]


@pytest.mark.parametrize(
    ("key", "given", "stored"),
    [
        ("background_color", "navy", "#000080"),
        ("font", "oswald-heavy", "OSWALD_HEAVY"),
        ("participants", "+7 900 123-45-67, 79001234567", ["79001234567@c.us"]),
        ("api_url", "https://1101.api.greenapi.com/", "https://1101.api.greenapi.com"),
        ("timeout", "12", 12),
        ("id_instance", "1101000001", "1101000001"),
    ],
)
def test_values_are_normalised_as_post_does(key: str, given: str, stored: object) -> None:
    assert config.normalise_value(key, given) == stored


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        ("api_url", "ftp://x"),
        ("api_url", "https://host/path"),
        ("api_token_instance", "has space"),
        ("api_token_instance", "a/b"),
        ("id_instance", "12345678901"),
        ("timeout", "0"),
        ("background_color", "white-ish"),
        ("nope", "1"),
    ],
)
def test_bad_values_are_usage_errors(key: str, bad: str) -> None:
    with pytest.raises(UsageError):
        config.normalise_value(key, bad)


def test_mask_shows_at_most_four_and_four() -> None:
    assert config.mask(TOKEN) == "d75b…2345"
    assert config.mask("short-token") == "****"


def test_write_creates_0700_folder_and_0600_file_even_with_open_umask(isolated: Path) -> None:
    old = os.umask(0)
    try:
        config.set_value(isolated, "default", "font", "serif")
    finally:
        os.umask(old)
    assert mode(isolated.parent) == 0o700
    assert mode(isolated) == 0o600


def test_file_is_0600_from_the_first_byte(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modes: list[int] = []
    real_replace = os.replace

    def spy(src: str | Path, dst: str | Path) -> None:
        modes.append(mode(Path(src)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    config.set_value(isolated, "default", "font", "serif")
    assert modes == [0o600]


def test_comments_and_layout_survive_set_unset_and_use(write_config: Callable[[str], Path]) -> None:
    path = write_config(FILE)
    config.set_value(path, "shop", "font", "serif")
    config.unset_value(path, "shop", "background_color")
    config.use_profile(path, "home")
    text = path.read_text()
    assert "# my notes: keep me" in text
    assert "[profiles.shop]  # the shop's instance" in text
    assert 'font = "SERIF"' in text and "background_color" not in text
    assert 'default_profile = "home"' in text
    assert text.index("[profiles.shop]") < text.index("[profiles.home]")


def test_crash_before_rename_leaves_old_file_whole_and_no_temp(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config(FILE)

    def crash(src: str | Path, dst: str | Path) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ConfigError, match="cannot write config file .*disk pulled out"):
        config.set_value(path, "shop", "font", "serif")
    assert path.read_text() == FILE
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


@pytest.mark.e2e
def test_killed_writer_leaves_old_file_whole(write_config: Callable[[str], Path]) -> None:
    path = write_config(FILE)
    code = (
        "import os, sys\n"
        "from greenstatus import config\n"
        "os.replace = lambda *a: os._exit(9)\n"  # dies after the data is written, before rename
        f"config.set_value(config.Path({str(path)!r}), 'shop', 'font', 'serif')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], timeout=60)
    assert result.returncode == 9
    assert path.read_text() == FILE


@pytest.mark.e2e
def test_concurrent_config_set_commands_lose_nothing(
    exe: str, write_config: Callable[[str], Path]
) -> None:
    path = write_config(FILE)
    env = {**os.environ, "GREENSTATUS_CONFIG": str(path)}
    loops = [
        "for c in 111111 222222 333333 444444 555555 123456; do "
        f"'{exe}' config set background_color \"#$c\" -p shop || exit 1; done",
        f"for t in 5 6 7 8 9 11; do '{exe}' config set timeout $t -p home || exit 1; done",
    ]
    procs = [subprocess.Popen(["sh", "-c", loop], env=env) for loop in loops]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert config.resolve(profile_option="shop").get("background_color") == "#123456"
    assert config.resolve(profile_option="home").get("timeout") == 11
    assert "# my notes: keep me" in path.read_text()
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


@pytest.mark.e2e
def test_concurrent_read_modify_write_cycles_are_serialised(
    write_config: Callable[[str], Path],
) -> None:
    path = write_config(FILE)
    code = (
        "import sys\nfrom greenstatus import config\n"
        "def bump(doc):\n    doc['counter'] = int(doc.get('counter', 0)) + 1\n"
        "for _ in range(150):\n    config.update(config.Path(sys.argv[1]), bump)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)]) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert "counter = 300" in path.read_text()


def test_timeout_is_the_command_option_else_the_profile(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(FILE.replace('background_color = "#228B22"', "timeout = 12"))
    settings = config.resolve()
    assert settings.timeout() == 12.0 and isinstance(settings.timeout(), float)
    assert settings.timeout(2.5) == 2.5
    monkeypatch.setenv("GREENSTATUS_PROFILE", "home")
    assert config.resolve().timeout() == config.DEFAULT_TIMEOUT


def test_state_paths_follow_the_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GREENSTATUS_STATE_DIR", str(tmp_path / "state"))
    assert config.state_dir() == tmp_path / "state"
    assert config.journal_file() == tmp_path / "state" / "journal.sqlite3"
    assert config.copies_dir() == tmp_path / "state" / "files"
