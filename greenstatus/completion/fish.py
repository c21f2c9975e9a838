"""The fish completion script, rendered from the walked command tree."""

from __future__ import annotations

from ..config import KEYS
from ..rules.fonts import FONTS
from .model import FILE_EXTENSIONS, HEADER, PROG, STATUS_WORDS, Command, color_hex, valued


def _fq(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# (?|...) numbers each branch's name 1: bare, "basic" or 'literal' TOML keys alike.
PROFILES = [
    "# Profile names: the [profiles.NAME] headers of the config file (--config's value, else",
    "# $GREENSTATUS_CONFIG, else the XDG config folder's), read here: no TAB starts Python.",
    "function __greenstatus_profiles --description 'profile names from the config file'",
    '    set -l file "$GREENSTATUS_CONFIG"',
    '    if test -z "$file"',
    '        set file "$XDG_CONFIG_HOME"',
    '        test -n "$file"; or set file "$HOME/.config"',
    '        set file "$file/greenstatus/config.toml"',
    "    end",
    "    set -l previous",
    "    for word in (commandline -opc)",
    '        test "$previous" = --config; and set file $word',
    "        string match -q -- '--config=*' $word; and set file (string sub -s 10 -- $word)",
    "        set previous $word",
    "    end",
    "    string match -q -- '~/*' $file; and set file $HOME/(string sub -s 3 -- $file)",
    '    test -f "$file" -a -r "$file"; or return 0',
    "    string replace -rf -- '^\\s*\\[\\s*profiles\\s*\\.\\s*"
    "(?|\"([^\"]*)\"|\\'([^\\']*)\\'|([A-Za-z0-9_-]+))\\s*\\].*' '$1' <$file",
    "end",
]


CONTACTS = [
    "# Contact names: contacts.txt, one a line, which `greenstatus contacts` writes, in the",
    "# state folder greenstatus uses; fish escapes a name with spaces as it inserts it.",
    "function __greenstatus_contacts --description 'contact names from contacts.txt'",
    '    set -l dir "$GREENSTATUS_STATE_DIR"',
    '    if test -z "$dir"',
    '        set dir "$XDG_STATE_HOME"',
    '        test -n "$dir"; or set dir "$HOME/.local/state"',
    '        set dir "$dir/greenstatus"',
    "    end",
    "    string match -q -- '~/*' $dir; and set dir $HOME/(string sub -s 3 -- $dir)",
    '    set -l file "$dir/contacts.txt"',
    '    test -r "$file"; or set file "$HOME/Library/Application Support/greenstatus/contacts.txt"',
    '    test -r "$file"; or return 0',
    "    string match -r -- '.+' <$file",
    "end",
]


# Which command the line is at, and files by extension: the same for every command.
HELPERS = [
    "function __greenstatus_at --description 'whether the line is at this command'",
    "    set -l state (__greenstatus_state)",
    '    test "$state[1]" = "path:$argv[1]"; or return 1',
    '    test (count $argv) -lt 2; or test "$state[2]" = "$argv[2]"; or return 1',
    '    test (count $argv) -lt 3; or test "$state[3]" = "$argv[3]"',
    "end",
    "",
    "function __greenstatus_files --description 'folders, and files with these extensions'",
    "    set -l token (commandline -ct)",
    '    set -l found (complete -C"__fish_command_without_completions $token")',
    "    for f in (string split -f1 \\t -- $found)",
    "        if string match -q -- '*/' $f",
    "            echo $f",
    "        else if string match -q -- '*.*' $f",
    "            and contains -- (string lower -- (string split -r -m1 . -- $f)[-1]) $argv",
    "            echo $f",
    "        end",
    "    end",
    "end",
    "",
    *PROFILES,
    "",
    *CONTACTS,
    "",
    f"complete -c {PROG} -f",
]
AS_TYPED = [
    "# fish replaces a whole '--font=oswald' token by a match that differs in case, and",
    "# '--font=' is lost; names in the case typed after '=' match as a plain prefix instead.",
    "function __greenstatus_as_typed --description 'names in the case typed after --option='",
    "    set -l token (commandline -ct)",
    "    set -l value (string replace -r -- '^--[^=]+=' '' $token)",
    "    set -l case",
    '    if test "$value" != "$token"; and test -n "$value"',
    '        test "$value" = (string lower -- $value); and set case lower',
    '        test "$value" = (string upper -- $value); and set case upper',
    "    end",
    "    while read -l line",
    "        set -l parts (string split -m1 \\t -- $line)",
    "        set -q case[1]; and set parts[1] (string $case -- $parts[1])",
    "        string join \\t -- $parts",
    "    end",
    "end",
]
VALUE_ARGS = {
    "font": "-x -a '(__greenstatus_fonts | __greenstatus_as_typed)'",
    "color": "-x -a '(__greenstatus_colors | __greenstatus_as_typed)'",
    "file": "-r -F",
    **{
        kind: f"-x -a '(__greenstatus_files {' '.join(exts)})'"
        for kind, exts in FILE_EXTENSIONS.items()
    },
    "profile": "-x -a '(__greenstatus_profiles)'",
    "contact": "-x -a '(__greenstatus_contacts)'",
}


def render(commands: list[Command]) -> str:
    lines = [
        f"# fish completion for {PROG}; {HEADER.format(shell='fish')}",
        "",
        *_state(commands),
        *HELPERS,
        *_fonts_and_colors(),
        "",
        *AS_TYPED,
    ]
    for c in commands:
        lines += _command(c)
    lines.append("")
    return "\n".join(lines)


def _state(commands: list[Command]) -> list[str]:
    """`__greenstatus_state`: the command path, then the positionals typed so far."""
    top = commands[0]
    config_subs = next((c for c in commands if c.path == "config"), None)
    lines = [
        "function __greenstatus_state --description 'command path, then positionals typed so far'",
        f"    set -l valued {' '.join(valued(commands))}",
        "    set -l tokens (commandline -opc)",
        "    set -e tokens[1]",
        "    set -l words",
        "    set -l skip 0",
        "    for t in $tokens",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        if contains -- $t $valued",
        "            set skip 1",
        "            continue",
        "        end",
        "        string match -q -- '-*' $t; and continue",
        "        set -a words $t",
        "    end",
        "    set -l path",
        "    if set -q words[1]; and contains -- $words[1] "
        + " ".join(n for n, _ in top.subcommands),
        "        set path $words[1]",
        "        set -e words[1]",
    ]
    if config_subs:
        lines += [
            "        if test $path = config; and set -q words[1]; and contains -- $words[1] "
            + " ".join(n for n, _ in config_subs.subcommands),
            '            set path "config $words[1]"',
            "            set -e words[1]",
            "        end",
        ]
    return [
        *lines,
        "    end",
        '    echo "path:$path"',
        "    echo (count $words)",
        "    echo $words[1]",
        "end",
        "",
    ]


def _fonts_and_colors() -> list[str]:
    # Each font and colour gets its own description (its style, its hex value); a plain
    # `-a 'A B C'` would show the option's help, the whole font list, beside every font.
    return [
        "",
        "function __greenstatus_fonts --description 'fonts, each with its style'",
        *(f"    printf '%s\\t%s\\n' {f.name} {_fq(f.style)}" for f in FONTS),
        "end",
        "",
        "function __greenstatus_colors --description 'CSS colour names, each with its hex value'",
        "    printf '%s\\t%s\\n' \\",
        " \\\n".join(f"        {name} '{hex_value}'" for name, hex_value in color_hex()),
        "end",
    ]


def _command(c: Command) -> list[str]:
    """One command's subcommands, options and positionals."""
    cond = f"-n {_fq('__greenstatus_at ' + _fq(c.path))}"
    lines = [
        f"complete -c {PROG} {cond} -a {name} -d {_fq(help_text)}"
        for name, help_text in c.subcommands
    ]
    for o in c.options:
        flags = " ".join(f"-l {n[2:]}" if n.startswith("--") else f"-s {n[1:]}" for n in o.names)
        extra = ""
        if o.takes_value:
            extra = " " + (
                f"-x -a {_fq(' '.join(o.choices))}"
                if o.choices
                else VALUE_ARGS.get(o.kind or "", "-x")
            )
        lines.append(f"complete -c {PROG} {cond} {flags}{extra} -d {_fq(o.help)}")
    for i, (kind, choices) in enumerate(c.positionals):
        at = _fq(f"__greenstatus_at {_fq(c.path)} {i}")
        if choices:
            lines.append(f"complete -c {PROG} -n {at} -a {_fq(' '.join(choices))}")
        elif kind == "key":
            lines.append(f"complete -c {PROG} -n {at} -a {_fq(' '.join(KEYS))}")
        elif kind == "profile":
            lines.append(f"complete -c {PROG} -n {at} {VALUE_ARGS['profile']}")
        elif kind == "status":
            lines.append(f"complete -c {PROG} -n {at} -a {_fq(STATUS_WORDS)}")
        elif kind == "value":
            for key, vkind in (("font", "font"), ("background_color", "color")):
                at_key = _fq(f"__greenstatus_at {_fq(c.path)} {i} {key}")
                lines.append(f"complete -c {PROG} -n {at_key} {VALUE_ARGS[vkind]}")
    return lines
