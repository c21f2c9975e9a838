"""The edits `config init`, `set`, `unset` and `use` make to the profiles in the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..i18n import _
from .keys import KEYS, check_key, normalise_value
from .settings import unknown_profile
from .write import update


def _profiles_table(doc: Any, create: bool) -> Any:
    import tomlkit

    if "profiles" not in doc:
        if not create:
            return None
        doc["profiles"] = tomlkit.table(is_super_table=True)
    return doc["profiles"]


def save_profile(
    path: Path, name: str, values: dict[str, Any], *, force: bool, make_default: bool
) -> bool:
    """Write a whole profile (config init); return whether it became the default profile."""
    import tomlkit

    became_default = False

    def change(doc: Any) -> None:
        nonlocal became_default
        profiles = _profiles_table(doc, create=True)
        if name in profiles and not force:
            raise UsageError(
                _(
                    "profile {name} already exists in {path}; pass --force to replace it",
                    name=repr(name),
                    path=path,
                )
            )
        # --force replaces the credentials given; the profile's other keys (colour, font,
        # participants …) and its comments stay as the user wrote them.
        table = profiles[name] if name in profiles else tomlkit.table()
        for key in KEYS:
            if key in values:
                table[key] = values[key]
        if name not in profiles:
            profiles[name] = table
        if make_default or "default_profile" not in doc:
            doc["default_profile"] = name
            became_default = True

    update(path, change)
    return became_default


def _profile_for_edit(doc: Any, path: Path, name: str, create: bool) -> Any:
    import tomlkit

    profiles = _profiles_table(doc, create=create)
    if profiles is None or name not in profiles:
        if not create or profiles is None:
            raise unknown_profile(name, path, list(profiles or {}))
        profiles[name] = tomlkit.table()
        if "default_profile" not in doc:
            doc["default_profile"] = name
    return profiles[name]


def set_value(path: Path, profile: str, key: str, value: Any, *, force: bool = False) -> Any:
    """Validate, normalise and store one key; return the stored value.

    A background post would refuse is refused here too (unless force), so a stored value
    cannot break every later post.
    """
    stored = normalise_value(key, value)
    if key == "background_color":
        from ..rules import colors

        colors.check_contrast(stored, force)
    if key == "default_region":
        from ..rules import phones

        phones.check_region(stored, "default_region", UsageError)
    update(path, lambda doc: _profile_for_edit(doc, path, profile, True).__setitem__(key, stored))
    return stored


def unset_value(path: Path, profile: str, key: str) -> bool:
    """Remove one key; return whether it was there."""
    check_key(key)
    removed = False

    def change(doc: Any) -> None:
        nonlocal removed
        table = _profile_for_edit(doc, path, profile, False)
        if key in table:
            del table[key]
            removed = True

    update(path, change)
    return removed


def use_profile(path: Path, name: str) -> None:
    """Make an existing profile the default."""

    def change(doc: Any) -> None:
        _profile_for_edit(doc, path, name, False)
        doc["default_profile"] = name

    if not path.exists():
        raise unknown_profile(name, path, [])
    update(path, change)
