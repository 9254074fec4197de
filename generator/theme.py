"""Where a site's templates and static files come from, and a fingerprint of them.

Lookup, first match wins: the site's ``templates/`` folder, then ``themes/<theme>/`` in
the site, then the theme shipped with tlgen; static files merge the same way, file by
file. Kept apart from rendering so that a build can tell whether the theme changed
without loading the template engine.
"""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.errors import Problem, TlgenError
from generator.ids import digest

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_themes_dir() -> Path:
    """Beside the package in a checkout; inside it in an installed wheel."""
    inside = _PACKAGE_DIR / "themes"
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / "themes"


def theme_dirs(config: Config) -> list[Path]:
    """The theme folders in lookup order; a theme that exists nowhere is an error."""
    found = [
        d
        for d in (config.root / "themes" / config.theme, builtin_themes_dir() / config.theme)
        if d.is_dir()
    ]
    if not found:
        available = sorted(
            {
                p.name
                for base in (config.root / "themes", builtin_themes_dir())
                if base.is_dir()
                for p in base.iterdir()
                if p.is_dir()
            }
        )
        raise TlgenError(
            [
                Problem(
                    f"theme {config.theme!r} not found",
                    config.loc("theme"),
                    f"available themes: {', '.join(available) or 'none'}",
                )
            ]
        )
    # A site's copy of a theme may be partial; the shipped one fills the gaps.
    return list(dict.fromkeys(found))


def template_dirs(config: Config) -> list[Path]:
    dirs = [config.dir("templates")]
    dirs += [d / "templates" for d in theme_dirs(config)]
    return [d for d in dirs if d.is_dir()]


def static_dirs(config: Config) -> list[Path]:
    """Lowest priority first: later folders overwrite earlier ones file by file."""
    dirs = [d / "static" for d in reversed(theme_dirs(config))]
    dirs.append(config.root / "static")
    return [d for d in dirs if d.is_dir()]


def static_files(config: Config) -> dict[str, Path]:
    """Output path (``static/...``) to the file that wins it, sorted by path."""
    files: dict[str, Path] = {}
    for base in static_dirs(config):
        for file in sorted(base.rglob("*")):
            if file.is_file() and not file.is_symlink():
                files["static/" + file.relative_to(base).as_posix()] = file
    return dict(sorted(files.items()))


def input_folders(config: Config) -> list[Path]:
    """Every folder templates and static files are looked up in, whether it exists or not
    (one that appears changes the site)."""
    return [
        config.root / config.templates,
        config.root / "themes" / config.theme,
        builtin_themes_dir() / config.theme,
        config.root / "static",
    ]


def fingerprint(config: Config) -> str:
    """A hash of every template, table of words and static file the site would use."""
    parts: list[bytes | str] = []
    folders = [("", d) for d in template_dirs(config)]
    folders += [("strings/", d / "strings") for d in theme_dirs(config) if (d / "strings").is_dir()]
    for prefix, base in folders:
        for file in sorted(base.rglob("*")):
            if file.is_file():
                parts += [prefix + file.relative_to(base).as_posix(), file.read_bytes()]
    for rel, file in static_files(config).items():
        parts += [rel, file.read_bytes()]
    return digest("theme", *parts)
