"""The zsh completion script, rendered from the walked command tree."""

from __future__ import annotations

from ..config import KEYS
from ..rules.fonts import FONT_NAMES
from .bash import MAC_CONTACTS, PROFILE_HEADER, STATE_DIR
from .model import FILE_EXTENSIONS, HEADER, PROG, STATUS_WORDS, Command, Option, colors


def _zq(text: str) -> str:
    """Escape a description for an _arguments spec inside single quotes."""
    for ch in "\\[]:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("'", "'\\''")


_ZSH_ACTIONS = {
    "font": "__greenstatus_fonts",
    "color": "__greenstatus_colors",
    "file": "_files",
    "profile": "__greenstatus_profiles",
    "contact": "__greenstatus_contacts",
    "key": "__greenstatus_keys",
    "status": f"({STATUS_WORDS})",
    **{
        kind: '_files -g "*.(#i)(' + "|".join(exts) + ')"' for kind, exts in FILE_EXTENSIONS.items()
    },
}


def _zsh_option(o: Option) -> str:
    names = o.names
    exclusive = "(- *)" if names[0] in ("--help", "--version") else f"({' '.join(names)})"
    prefix = "*" if o.multiple else exclusive
    # `--font=` takes its value after '=' or as the next word, as the parser does.
    spelled = [f"{n}=" if o.takes_value and n.startswith("--") else n for n in names]
    spec = f"'{prefix}'" + (f"{{{','.join(spelled)}}}" if len(spelled) > 1 else spelled[0])
    spec += f"'[{_zq(o.help)}]"
    if o.takes_value:
        action = _ZSH_ACTIONS.get(o.kind or "", "")
        if o.choices:
            action = f"({' '.join(o.choices)})"
        label = (o.kind or names[0].lstrip("-")).replace(":", "")
        spec += f":{label}:{action}"
    return spec + "'"


def _zsh_func(path: str) -> str:
    return "_greenstatus" + "".join(f"_{p}" for p in path.split()).replace("-", "_")


PROFILES = [
    "# Profile names: the [profiles.NAME] headers of the config file (--config's value, else",
    "# $GREENSTATUS_CONFIG, else the XDG config folder's), read here: no TAB starts Python.",
    "__greenstatus_profiles() {",
    "    local file=${GREENSTATUS_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}"
    "/greenstatus/config.toml}",
    f"    local line word previous re={PROFILE_HEADER}",
    "    local -a names",
    "    # The words left of the cursor, as typed: the global --config comes before the command.",
    "    for word in ${(Q)${(z)LBUFFER}}; do",
    "        [[ $previous == --config ]] && file=$word",
    "        [[ $word == --config=* ]] && file=${word#--config=}",
    "        previous=$word",
    "    done",
    "    [[ $file == \\~/* ]] && file=$HOME/${file:2}",
    "    [[ -f $file && -r $file ]] || return 1",
    "    while IFS= read -r line || [[ -n $line ]]; do",
    "        [[ $line =~ $re ]] && names+=( $match[2]$match[3]$match[4] )",
    '    done < "$file"',
    "    compadd -a names",
    "}",
]


CONTACTS = [
    "# Contact names: contacts.txt, one a line, which `greenstatus contacts` writes; $(<file)",
    "# reads it without a fork. The names are filtered here, in any case ((#i) folds Cyrillic",
    "# too, where a compadd matcher folds ASCII only); compadd -U then quotes a name with",
    "# spaces as it inserts it.",
    "__greenstatus_contacts() {",
    f"    local file={STATE_DIR}/contacts.txt",
    "    local -a names",
    r"    [[ $file == \~/* ]] && file=$HOME/${file:2}",
    f'    [[ -r $file ]] || file="{MAC_CONTACTS}"',
    "    [[ -r $file ]] || return 1",
    "    setopt localoptions extendedglob",
    '    names=( ${(f)"$(<$file)"} )',
    "    names=( ${(M)names:#(#i)${(b)${(Q)PREFIX}}*} )",
    "    compadd -U -a names",
    "}",
]


def render(commands: list[Command]) -> str:
    lines = [
        f"#compdef {PROG}",
        f"# zsh completion for {PROG}; {HEADER.format(shell='zsh')}",
        "",
        "# Fonts match case-insensitively, with '-' for '_', as post accepts them.",
        f"__greenstatus_fonts() {{ compadd -M 'm:{{a-z-}}={{A-Z_}}' -- {' '.join(FONT_NAMES)} }}",
        f"__greenstatus_colors() {{ compadd -M 'm:{{A-Z}}={{a-z}}' -- {' '.join(colors())} }}",
        f"__greenstatus_keys() {{ compadd -- {' '.join(KEYS)} }}",
        *PROFILES,
        *CONTACTS,
        "__greenstatus_set_value() {",
        "    case ${words[2]} in",
        "        font) __greenstatus_fonts ;;",
        "        background_color) __greenstatus_colors ;;",
        "    esac",
        "}",
        "",
    ]
    for c in commands:
        lines += [*(_group(c) if c.subcommands else _leaf(c)), ""]
    lines += [
        "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then",
        '    _greenstatus "$@"',
        "else",
        f"    compdef _greenstatus {PROG}",
        "fi",
        "",
    ]
    return "\n".join(lines)


def _group(c: Command) -> list[str]:
    """A command with subcommands: its options, then the subcommand's own function."""
    described = " ".join(
        f"'{_zq(n).replace(chr(92) + ':', ':')}:{_zq(h)}'" for n, h in c.subcommands
    )
    return [
        f"{_zsh_func(c.path)}() {{",
        "    local curcontext=$curcontext state line ret=1",
        "    typeset -A opt_args",
        f"    local -a subcommands=( {described} )",
        "    _arguments -C -s \\",
        *(f"        {_zsh_option(o)} \\" for o in c.options),
        "        '1: :->command' \\",
        "        '*:: :->argument' && ret=0",
        "    case $state in",
        "        command) _describe -t commands 'command' subcommands && ret=0 ;;",
        "        argument)",
        "            case ${words[1]} in",
        *(
            f"                {n}) {_zsh_func(f'{c.path} {n}'.strip())} && ret=0 ;;"
            for n, _ in c.subcommands
        ),
        "            esac ;;",
        "    esac",
        "    return ret",
        "}",
    ]


def _leaf(c: Command) -> list[str]:
    """A command without subcommands: its options and positionals."""
    positional = []
    for i, (kind, choices) in enumerate(c.positionals, start=1):
        action = f"({' '.join(choices)})" if choices else _ZSH_ACTIONS.get(kind or "", "")
        if kind == "value":
            action = "__greenstatus_set_value"
        positional.append(f"'{i}:{kind or 'argument'}:{action}'")
    specs = [_zsh_option(o) for o in c.options]
    return [
        f"{_zsh_func(c.path)}() {{",
        "    _arguments -s \\",
        *(f"        {s} \\" for s in [*specs, *positional]),
        "",
        "}",
    ]
