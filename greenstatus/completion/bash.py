"""The bash completion script, rendered from the walked command tree."""

from __future__ import annotations

from ..config import KEYS
from ..rules.fonts import FONT_NAMES
from .model import FILE_EXTENSIONS, HEADER, PROG, STATUS_WORDS, Command, colors, kind_names, valued

# A TOML table header [profiles.NAME]; quoted names ("my shop", 'x') count too.
PROFILE_HEADER = (
    r"""'^[[:space:]]*\[[[:space:]]*profiles[[:space:]]*\.[[:space:]]*"""
    r"""("([^"]*)"|'\''([^'\'']*)'\''|([A-Za-z0-9_-]+))[[:space:]]*\]'"""
)
PROFILES = [
    "# Profile names: the [profiles.NAME] headers of the config file (--config's value, else",
    "# $GREENSTATUS_CONFIG, else the XDG config folder's), read here: no TAB starts Python.",
    f"_greenstatus_profile_re={PROFILE_HEADER}",
    "_greenstatus_profiles() {",
    "    local file=${1:-${GREENSTATUS_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}"
    "/greenstatus/config.toml}}",
    "    local line name",
    "    [[ $file == \\~/* ]] && file=$HOME/${file:2}",
    "    [[ -f $file && -r $file ]] || return 0",
    "    while IFS= read -r line || [[ -n $line ]]; do",
    "        [[ $line =~ $_greenstatus_profile_re ]] || continue",
    "        # Quoted as the line needs it: a profile 'my shop' is inserted as my\\ shop.",
    '        printf -v name %q "${BASH_REMATCH[2]}${BASH_REMATCH[3]}${BASH_REMATCH[4]}"',
    '        [[ $name == "$cur"* ]] && COMPREPLY+=("$name")',
    '    done < "$file"',
    "}",
    "",
]


# The state folder as greenstatus finds it (config/paths.state_dir): $GREENSTATUS_STATE_DIR, else
# the XDG one on Linux, else macOS's; each script looks for contacts.txt there.
STATE_DIR = "${GREENSTATUS_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/greenstatus}"
MAC_CONTACTS = "$HOME/Library/Application Support/greenstatus/contacts.txt"
CONTACTS = [
    "# Contact names: contacts.txt, one a line, which `greenstatus contacts` writes. grep picks",
    "# the names that start with what was typed, in any case (a loop over 5,000 names in bash",
    "# would take longer than starting Python); -o filenames makes readline insert a name with",
    "# spaces escaped, as it would a file name.",
    "_greenstatus_contacts() {",
    f"    local file={STATE_DIR}/contacts.txt",
    r'    local raw=${cur//\\/} re="^" ch i',
    r"    [[ $file == \~/* ]] && file=$HOME/${file:2}",
    f'    [[ -r $file ]] || file="{MAC_CONTACTS}"',
    "    [[ -r $file ]] || return 0",
    r"    raw=${raw#[\"\']}",
    "    # A basic regular expression that matches what was typed, literally, at the start.",
    "    for (( i = 0; i < ${#raw}; i++ )); do",
    "        ch=${raw:i:1}",
    "        case $ch in",
    r"            [][.^\$*\\]) re+=\\$ch ;;",
    "            *) re+=$ch ;;",
    "        esac",
    "    done",
    "    compopt -o filenames 2>/dev/null",
    '    mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(grep -i -e "$re" -- "$file" 2>/dev/null)',
    "}",
    "",
]


HELPERS = [
    "# Static words are filtered in the shell itself: $(compgen ...) would fork on every TAB.",
    "# $2 folds what was typed: fonts are upper-case with '_' ('-f sans-' finds SANS_SERIF),",
    "# colour names lower-case.",
    "_greenstatus_add() {",
    "    local word prefix=$cur",
    "    case $2 in",
    "        upper) prefix=${cur^^}; prefix=${prefix//-/_} ;;",
    "        lower) prefix=${cur,,} ;;",
    "    esac",
    '    for word in $1; do [[ $word == "$prefix"* ]] && COMPREPLY+=("$word"); done',
    "}",
    "",
    *PROFILES,
    *CONTACTS,
    "# '--font=OSW' is read as '--font OSW'. Readline splits it at '=' into three words (the",
    "# default COMP_WORDBREAKS holds '=') and replaces only what follows the '='; where '='",
    "# is no word break it is one word, and _gs_pre puts '--font=' back on every reply.",
    "_greenstatus_words() {",
    "    local i word",
    "    _gs_words=() _gs_pre=''",
    "    for (( i = 0; i <= COMP_CWORD; i++ )); do",
    "        word=${COMP_WORDS[i]}",
    "        if [[ $word == = ]] && (( i > 0 )) && [[ ${COMP_WORDS[i-1]} == --?* ]]; then",
    "            word=''",
    "            (( i < COMP_CWORD )) && i=$(( i + 1 )) && word=${COMP_WORDS[i]}",
    '            _gs_words+=("$word")',
    "        elif [[ $word == --?*=* ]]; then",
    '            _gs_words+=("${word%%=*}" "${word#*=}")',
    "            (( i == COMP_CWORD )) && _gs_pre=${word%%=*}=",
    "        else",
    '            _gs_words+=("$word")',
    "        fi",
    "    done",
    "}",
    "",
]
# The main function: the words typed so far give the command path, and the word before the
# cursor (or the path and position) gives the kind of value to offer.
MAIN_START = [
    "_greenstatus() {",
    "    local cur prev='' path='' word i npos=0 skip=0 cfg='' cword",
    "    local _gs_kind='' _gs_subs _gs_opts _gs_pre _gs_choices='' key='' ext exts",
    "    local -a _gs_words",
    "    _greenstatus_words",
    "    cword=$(( ${#_gs_words[@]} - 1 ))",
    "    cur=${_gs_words[cword]}",
    "    (( cword > 0 )) && prev=${_gs_words[cword-1]}",
    "    for (( i = 1; i < cword; i++ )); do",
    "        word=${_gs_words[i]}",
    "        if (( skip )); then",
    "            skip=0; [[ ${_gs_words[i-1]} == --config ]] && cfg=$word; continue",
    "        fi",
    '        if [[ $_greenstatus_valued == *" $word "* ]]; then skip=1; continue; fi',
    "        [[ $word == -* ]] && continue",
    '        _greenstatus_spec "$path"',
    '        if [[ " $_gs_subs " == *" $word "* ]]; then',
    "            path=${path:+$path }$word",
    "        else",
    "            (( npos == 0 )) && key=$word",
    "            npos=$(( npos + 1 ))",
    "        fi",
    "    done",
    '    _greenstatus_spec "$path"',
    "    COMPREPLY=()",
    '    if (( skip )) || [[ $_greenstatus_valued == *" $prev "* && $cur != -* ]]; then',
    '        case "$path $prev" in',
]
MAIN_END = [
    "            'config set:1')",
    '                case "$key" in',
    "                    font) _gs_kind='font' ;;",
    "                    background_color) _gs_kind='color' ;;",
    "                esac ;;",
    "        esac",
    "        if [[ -z $_gs_kind && -n $_gs_subs ]]; then",
    '            _greenstatus_add "$_gs_subs"; return 0',
    "        fi",
    "    fi",
    '    case "$_gs_kind" in',
    '        font) _greenstatus_add "$_greenstatus_fonts" upper ;;',
    '        color) _greenstatus_add "$_greenstatus_colors" lower ;;',
    '        key) _greenstatus_add "$_greenstatus_keys" ;;',
    "        shell) _greenstatus_add 'bash zsh fish' ;;",
    f"        status) _greenstatus_add '{STATUS_WORDS}' ;;",
    '        choice) _greenstatus_add "$_gs_choices" ;;',
    "        file)",
    "            # One name a line, never split on spaces; filenames quotes them on insert.",
    "            compopt -o filenames 2>/dev/null",
    '            mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;',
    "        media|voice)",
    "            compopt -o filenames 2>/dev/null",
    "            exts=_greenstatus_${_gs_kind}_ext",
    "            while IFS= read -r word; do",
    "                ext=${word##*.}",
    '                if [[ -d $word || ( $word == *.* && ${!exts} == *" ${ext,,} "* ) ]]; then',
    '                    COMPREPLY+=("$word")',
    "                fi",
    '            done < <(compgen -f -- "$cur") ;;',
    '        profile) _greenstatus_profiles "$cfg" ;;',
    "        contact) _greenstatus_contacts ;;",
    "        '')",
    "            [[ $cur == -* || -z $_gs_subs ]] &&",
    '                _greenstatus_add "$_gs_opts" ;;',
    "    esac",
    '    [[ -n $_gs_pre ]] && COMPREPLY=("${COMPREPLY[@]/#/"$_gs_pre"}")',
    "    return 0",
    "}",
    f"complete -F _greenstatus {PROG}",
    "",
]


def render(commands: list[Command]) -> str:
    lines = [
        f"# bash completion for {PROG}; {HEADER.format(shell='bash')}",
        f"_greenstatus_fonts='{' '.join(FONT_NAMES)}'",
        f"_greenstatus_colors='{' '.join(colors())}'",
        f"_greenstatus_keys='{' '.join(KEYS)}'",
        f"_greenstatus_valued=' {' '.join(valued(commands))} '",
        *(f"_greenstatus_{k}_ext=' {' '.join(v)} '" for k, v in FILE_EXTENSIONS.items()),
        "",
        *_spec(commands),
        *HELPERS,
        *MAIN_START,
        *_value_kinds(commands),
        *MAIN_END,
    ]
    return "\n".join(lines)


def _spec(commands: list[Command]) -> list[str]:
    """`_greenstatus_spec PATH`: the subcommands and options of one command path."""
    lines = ["_greenstatus_spec() {", '    case "$1" in']
    for c in commands:
        opts = " ".join(n for o in c.options for n in o.names)
        subs = " ".join(n for n, _ in c.subcommands)
        lines.append(f"        '{c.path}') _gs_subs='{subs}'; _gs_opts='{opts}' ;;")
    return [*lines, "    esac", "}", ""]


def _value_kinds(commands: list[Command]) -> list[str]:
    """The cases that name the kind of value at the cursor: an option's, or a positional's."""
    value_cases = [
        f"                    {'|'.join(names)}) _gs_kind='{kind}' ;;"
        for kind, names in kind_names(commands).items()
    ]
    # An option's choices belong to its command: `list --state` and `history --state` differ.
    choice_cases = [
        f"            '{c.path} {n}') _gs_kind='choice' _gs_choices='{' '.join(o.choices)}' ;;"
        for c in commands
        for o in c.options
        if o.takes_value and o.choices
        for n in o.names
    ]
    status_cases = [
        f"            '{c.path}:{i}') _gs_kind='status' ;;"
        for c in commands
        for i, (kind, _) in enumerate(c.positionals)
        if kind == "status"
    ]
    return [
        *choice_cases,
        "            *)",
        '                case "$prev" in',
        *value_cases,
        "                esac ;;",
        "        esac",
        "    elif [[ $cur != -* ]]; then",
        '        case "$path:$npos" in',
        "            'completion:0') _gs_kind='shell' ;;",
        "            'config get:0'|'config set:0'|'config unset:0') _gs_kind='key' ;;",
        "            'config use:0') _gs_kind='profile' ;;",
        *status_cases,
    ]
