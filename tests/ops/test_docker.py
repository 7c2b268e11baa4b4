"""The container files, checked without a Docker engine: the Dockerfile (pinned slim base, two
stages, dependencies layered before the code, non-root user, health check, entry point, no
secret), its install line and entry point run for real into a fresh target directory, the
``.dockerignore``, and ``compose.yaml`` (services, health checks, volumes, environment) with
``.env.example``, every variable of which is documented."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from adapters.settings import Settings, load_settings
from tests.ops.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text("utf-8")
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text("utf-8"))
SETTINGS = {name.upper() for name in Settings.model_fields}
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "BOT_REPLICAS"}  # read by compose.yaml, not by the bot


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    out = []
    for raw in joined.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _all(word: str) -> list[str]:
    return [rest for w, rest in instructions() if w == word]


# --------------------------------------------------------------------------- Dockerfile


def test_base_is_a_pinned_slim_python_in_two_stages() -> None:
    froms = _all("FROM")
    assert len(froms) == 2
    for line in froms:
        image = line.split()[0]
        assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+", image), image
    assert froms[0].endswith("AS build")
    assert any(line.startswith("--from=build /opt/venv") for line in _all("COPY"))


def test_dependencies_are_layered_before_the_code() -> None:
    steps = [f"{w} {rest}" for w, rest in instructions()]
    deps = next(i for i, s in enumerate(steps) if "pip install -r requirements.txt" in s)
    manifest = steps.index("COPY pyproject.toml ./")
    code = min(i for i, s in enumerate(steps) if s.startswith(("COPY bot", "COPY adapters")))
    assert manifest < deps < code


def test_requirements_line_yields_exactly_the_projects_dependencies(tmp_path: Path) -> None:
    run = next(r for r in _all("RUN") if "requirements.txt" in r)
    command = run.split(" > requirements.txt")[0]
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    args = shlex.split(command)
    assert args[:2] == ["python", "-c"]
    out = subprocess.run(
        [sys.executable, "-c", args[2]], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert out.split("\n")[:-1] == deps


def test_runs_as_a_non_root_user_with_a_data_volume_and_health_check() -> None:
    users = _all("USER")
    assert users and users[-1] not in ("root", "0")
    assert "useradd" in DOCKERFILE and f"--user-group {users[-1]}" in DOCKERFILE
    assert _all("VOLUME") == ['["/app/data"]']
    env = " ".join(_all("ENV"))
    assert "DATABASE_URL=sqlite:////app/data/transferbot.db" in env
    assert "HEALTH_PORT=8080" in env and "HEALTH_HOST=0.0.0.0" in env
    (check,) = _all("HEALTHCHECK")
    assert "http://127.0.0.1:8080/healthz" in check
    assert json.loads(_all("ENTRYPOINT")[0]) == ["transferbot"]
    assert json.loads(_all("CMD")[-1]) == ["run"]


def test_no_secret_goes_into_a_layer() -> None:
    for word in ("ENV", "ARG"):
        for line in _all(word):
            assert not re.search(r"TOKEN|SECRET|PASSWORD", line), line
    ignored = (ROOT / ".dockerignore").read_text("utf-8").split()
    for pattern in (".env", ".env.*", ".git", "data", "*.db", "tests", ".venv"):
        assert pattern in ignored, pattern
    for copied in (r for w, r in instructions() if w == "COPY" and not r.startswith("--from")):
        assert ".env" not in copied and not copied.startswith(". ")


@pytest.mark.timeout(180)
def test_install_line_and_entry_point_in_a_fresh_target(tmp_path: Path) -> None:
    """The image's ``pip install --no-deps --no-build-isolation .`` from a copy of exactly what
    the Dockerfile copies; the installed console script (not the checkout) then runs, package
    data included (default feeds, language files, migrations)."""
    src, target = tmp_path / "src", tmp_path / "site"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src)
    for package in ("bot", "adapters", "storage"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    install = next(r for r in _all("RUN") if "pip install --no-deps" in r).split(" && ")[0]
    args = shlex.split(install)[1:]  # "pip install --no-deps --no-build-isolation ."
    subprocess.run(
        [sys.executable, "-m", "pip", *args[:-1], "--quiet", "--target", str(target), "."],
        cwd=src,
        check=True,
        capture_output=True,
    )
    script = target / "bin" / "transferbot"
    assert script.is_file()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "TRANSFERBOT_DEFAULT_FEEDS": "off"}
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()

    def transferbot(*argv: str) -> str:
        done = subprocess.run(
            [sys.executable, str(script), *argv],
            cwd=run_dir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert transferbot("--version").strip() == "transferbot 0.1.0"
    assert "feeds.bbci.co.uk" in transferbot("feeds", "defaults")
    db = f"sqlite:///{tmp_path / 'image.db'}"
    assert "created the tables" in transferbot("migrate", "--db", db)
    where = subprocess.run(
        [sys.executable, "-c", "import adapters, bot.claims; print(adapters.__file__)"],
        cwd=run_dir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(target))


# --------------------------------------------------------------------------- compose


def test_compose_services() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"db", "migrate", "bot"}
    db = services["db"]
    assert db["image"].startswith("postgres:16.")
    assert db["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert "pg-data:/var/lib/postgresql/data" in db["volumes"]
    bot = services["bot"]
    assert bot["command"] == ["run"]
    assert bot["deploy"]["replicas"] == "${BOT_REPLICAS:-2}"  # two unless .env says otherwise
    assert bot["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert set(COMPOSE["volumes"]) == {"pg-data", "bot-data"}


def test_compose_bot_environment_and_health_check() -> None:
    for name in ("bot", "migrate"):
        service = COMPOSE["services"][name]
        assert service["env_file"] == ".env"
        assert service["build"] == "."
        assert "bot-data:/app/data" in service["volumes"]
        env = service["environment"]
        assert set(env) <= SETTINGS, set(env) - SETTINGS
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://transferbot:")
        assert env["DATABASE_URL"].endswith("@db:5432/transferbot")
        assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]
    bot = COMPOSE["services"]["bot"]
    port = bot["environment"]["HEALTH_PORT"]
    check = bot["healthcheck"]
    assert f"http://127.0.0.1:{port}/healthz" in check["test"][-1]
    assert check["test"][-1] in _all("HEALTHCHECK")[0]  # the same probe as the image's
    assert COMPOSE["services"]["db"]["environment"]["POSTGRES_DB"] == "transferbot"


def test_env_example_names_only_known_documented_variables() -> None:
    lines = (ROOT / ".env.example").read_text("utf-8").splitlines()
    names = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}
    assert {"POSTGRES_PASSWORD", "DISCORD_TOKEN", "SLACK_BOT_TOKEN"} <= names
    assert names <= SETTINGS | COMPOSE_ONLY, names - SETTINGS - COMPOSE_ONLY
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in names:
        assert f"`{name}`" in readme, name
    used = set(re.findall(r"\$\{(\w+)", (ROOT / "compose.yaml").read_text("utf-8")))
    assert used <= names


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("## Configure", 1)[1].split("\n## ", 1)[0]
    for name in SETTINGS:
        assert f"`{name}`" in table, name


def test_env_example_is_a_valid_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in (ROOT / ".env.example").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            if name in SETTINGS:
                monkeypatch.setenv(name, value)
    url = COMPOSE["services"]["bot"]["environment"]["DATABASE_URL"]
    monkeypatch.setenv("DATABASE_URL", re.sub(r"\$\{POSTGRES_PASSWORD:\?[^}]*\}", "pw", url))
    settings = load_settings()
    assert settings.log_format == "json"
    assert settings.default_feeds is True
    assert settings.chat_credentials == {"discord": False, "slack": False}  # empty means unset
