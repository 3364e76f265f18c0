"""The project configuration: cklod.toml read by cklod.config.Config, options over it, bad settings refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cklod.cli import main
from cklod.config import Config, ConfigError
from cklod.rdf.iris import DEFAULT_BASE


def write_toml(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cklod.toml").write_text(text, encoding="utf-8")
    return root


def test_defaults_without_a_file(tmp_path):
    config = Config.load(tmp_path)
    assert config == Config(tmp_path, DEFAULT_BASE, None, tmp_path / "output")


def test_the_file_then_the_options(tmp_path):
    write_toml(
        tmp_path,
        'base = "https://example.org/kg/"\nsparql_endpoint = "https://example.org/sparql"\noutput = "public"\n',
    )
    config = Config.load(tmp_path)
    assert (config.base, config.sparql_endpoint, config.output) == (
        "https://example.org/kg/",
        "https://example.org/sparql",
        tmp_path / "public",
    )
    over = Config.load(tmp_path, base="http://example.com/x#", output="elsewhere")
    assert (over.base, over.sparql_endpoint, over.output) == (
        "http://example.com/x#",
        "https://example.org/sparql",
        Path("elsewhere"),
    )


def test_the_repository_configuration_is_the_default_one(project_root):
    config = Config.load(project_root)
    assert (config.base, config.sparql_endpoint, config.output) == (
        DEFAULT_BASE,
        None,
        project_root / "output",
    )


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        ("https://example.org/data", "must end with '/' or '#'"),
        ("example.org/kg/", "absolute http or https IRI"),
        ("ftp://example.org/kg/", "absolute http or https IRI"),
        ("https:///kg/", "absolute http or https IRI"),
        ("https://example.org/my kg/", "not an IRI"),
        ("https://example.org/<kg>/", "not an IRI"),
    ],
)
def test_a_bad_base_is_refused_naming_the_line_or_the_option(tmp_path, base, problem):
    write_toml(tmp_path, f'# comment\n\nbase = "{base}"\n')
    with pytest.raises(ConfigError) as exc:
        Config.load(tmp_path)
    assert str(exc.value).startswith("cklod.toml:3: base: ") and problem in str(exc.value)
    with pytest.raises(ConfigError) as exc:
        Config.load(tmp_path / "none", base=base)
    assert str(exc.value).startswith("--base: ") and problem in str(exc.value)


def test_unknown_keys_wrong_types_and_broken_toml(tmp_path):
    write_toml(tmp_path, 'base = "https://example.org/kg/"\nbsae = "x"\n')
    with pytest.raises(ConfigError, match=r"^cklod.toml:2: unknown key 'bsae'; the keys are base, "):
        Config.load(tmp_path)
    write_toml(tmp_path, "output = 3\n")
    with pytest.raises(ConfigError, match=r"^cklod.toml:1: output: expected a string"):
        Config.load(tmp_path)
    write_toml(tmp_path, 'base = "https://example.org/kg/"\nsparql_endpoint = \n')
    with pytest.raises(ConfigError, match=r"^cklod.toml:2: "):
        Config.load(tmp_path)
    write_toml(tmp_path, 'sparql_endpoint = "localhost:8000/sparql"\n')
    with pytest.raises(ConfigError, match=r"^cklod.toml:1: sparql_endpoint: .*absolute http or https URL"):
        Config.load(tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["build"],
        ["validate"],
        ["query", "ASK {}"],
        ["stats"],
        ["serve"],
        ["site", "site-folder"],
        ["publish", "--store", "http://127.0.0.1:9/store"],
    ],
)
def test_every_command_refuses_a_bad_configuration_in_one_line(tmp_path, command):
    write_toml(tmp_path, 'base = "https://example.org/data"\n')
    result = CliRunner().invoke(main, [*command, "--project", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines() == [
        "error: cklod.toml:1: base: 'https://example.org/data' must end with '/' or '#' (IRIs are made by "
        "appending to it), e.g. https://example.org/data/"
    ]
    assert not (tmp_path / "output").exists()


def test_build_refuses_a_base_without_a_trailing_slash_and_leaves_output_alone(project_copy):
    out = project_copy / "output"
    out.mkdir()
    (out / "keep.txt").write_text("old build")
    result = CliRunner().invoke(
        main, ["build", "--project", str(project_copy), "--base", "https://example.org/data", "-q"]
    )
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: --base: 'https://example.org/data' must end with '/' or '#' (IRIs are made by appending to "
        "it), e.g. https://example.org/data/"
    ]
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_void_advertises_only_a_configured_public_endpoint(output_dir):
    void = (output_dir / "void.ttl").read_text(encoding="utf-8")
    assert "sparqlEndpoint" not in void and "127.0.0.1" not in void


@pytest.mark.parametrize(
    "command", [["query", "ASK {}"], ["serve"], ["site", "site-folder"]], ids=["query", "serve", "site"]
)
def test_a_build_made_with_another_base_is_refused(output_dir, tmp_path, command):
    write_toml(tmp_path, f'base = "https://example.org/kg/"\noutput = "{output_dir}"\n')
    result = CliRunner().invoke(main, [*command, "--project", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"error: {output_dir / 'void.ttl'}: the build was made with base https://w3id.org/cklod/, not "
        "https://example.org/kg/; rebuild, or set base in cklod.toml (or --base) to the build's"
    ]
