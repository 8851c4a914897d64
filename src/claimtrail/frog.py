"""Stage 5, optional: Frog, Debian's Dutch NLP suite, as a second analyzer (``--analyzer frog``).

Our own analyzer still splits sentences and tokens (its offsets are the contract); Frog then reads
each Dutch body sentence and adds what rules do not know: lemmas from its memory-based
lemmatizer, named entities, and a dependency parse. Extraction uses the entities to find speakers
that neither the registry nor the capitalisation rules catch (a lone "Peskov"), and Frog's lemma
where it differs from ours. The parse is kept on each sentence (``Sentence.words``).

Frog starts slowly (its models take seconds to load), so it runs once per batch of articles in
batch mode: one input file per article under ``--testdir``, one sentence per line followed by a
blank line (a single newline does not end a sentence for Frog), ``--skip=ac`` (no morphology, no
chunker; the parser stays). Its words are aligned back to the original text by searching each
word from the previous one's end, so every offset still points into the article.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from . import lang as langdata
from .analyze import Analysis
from .errors import Code, ConfigError
from .model import ParsedWord, Sentence, Token

log = logging.getLogger(__name__)

LANGUAGE = "nl"  # Frog's installed models are Dutch
SKIP = "ac"
TIMEOUT_S = 3600
CHECK_TIMEOUT_S = 300  # loading Frog's models takes seconds, on a busy machine a minute
ALIGN_WINDOW = 40  # a word further than this from the previous one is not in the text as written


def available() -> bool:
    return shutil.which("frog") is not None


def require() -> None:
    if not available():
        raise ConfigError(Code.E022)


@cache
def check() -> None:
    """Run Frog once on a tiny input at start-up, so that a broken install is one clear line with
    Frog's own message and the fix, not an internal error for every article."""
    require()
    with tempfile.TemporaryDirectory(prefix="claimtrail-frog-check-") as tmp:
        Path(tmp, "in").mkdir()
        Path(tmp, "out").mkdir()
        sample = str(langdata.load(LANGUAGE).get("text", "sample_sentence", ""))  # lang/nl/text.yaml
        Path(tmp, "in", "check.txt").write_text(f"{sample}\n\n", encoding="utf-8")
        try:
            done = _frog(Path(tmp), threads=1, timeout=CHECK_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise ConfigError(Code.E024, detail=str(e), fix=FIX_DEFAULT) from None
        if done.returncode != 0 or not Path(tmp, "out", "check.txt.out").exists():
            raise ConfigError(Code.E024, detail=failure_message(done.stderr + done.stdout), fix=fix_for(done.stderr))


FIX_DEFAULT = "reinstall it with its data: apt-get install frog frogdata uctodata (Debian), or use --analyzer builtin"
FIX_TOKENIZER = "install the tokenizer's data: apt-get install uctodata (Debian), or use --analyzer builtin"


def failure_message(output: str) -> str:
    """Frog's own words for why it stopped: its lines that say so, else its last line."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    telling = [ln for ln in lines if re.search(r"fail|error|not found|cannot|can't|unable|missing", ln, re.I)]
    picked = telling[-2:] or lines[-1:] or ["no output"]
    return " / ".join(picked)[:300]


def fix_for(output: str) -> str:
    return FIX_TOKENIZER if re.search(r"tokeni[sz]er|ucto", output, re.I) else FIX_DEFAULT


def _frog(tmp: Path, threads: int, timeout: int) -> subprocess.CompletedProcess:
    """Frog in batch mode over ``tmp/in``, writing ``tmp/out``."""
    cmd = ["frog", f"--skip={SKIP}", f"--testdir={tmp / 'in'}/", f"--outputdir={tmp / 'out'}/", f"--threads={threads}"]
    return subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=timeout)


def annotate(analyses: list[Analysis], threads: int = 2) -> None:
    """Run Frog once over the Dutch sentences of ``analyses`` and attach its words to them."""
    todo = [an for an in analyses if an.language == LANGUAGE and an.sentences]
    if not todo:
        return
    require()
    with tempfile.TemporaryDirectory(prefix="claimtrail-frog-") as tmp:
        indir, outdir = Path(tmp, "in"), Path(tmp, "out")
        indir.mkdir()
        outdir.mkdir()
        for i, an in enumerate(todo):
            # one sentence per line; inner newlines become spaces (same length, offsets unchanged)
            lines = (re.sub(r"\s", " ", s.text) for s in an.sentences)
            (indir / f"{i:06d}.txt").write_text("".join(f"{line}\n\n" for line in lines), encoding="utf-8")
        done = _frog(Path(tmp), threads, TIMEOUT_S)
        if done.returncode != 0:
            raise RuntimeError(f"frog failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
        for i, an in enumerate(todo):
            out = outdir / f"{i:06d}.txt.out"
            if out.exists():
                attach(an, parse_output(out.read_text(encoding="utf-8")))
            else:
                log.warning("%s: Frog wrote no output", an.article.source)


def parse_output(tsv: str) -> list[list[dict]]:
    """Frog's tab-separated output as sentences of words (blank lines separate sentences)."""
    sentences: list[list[dict]] = []
    current: list[dict] = []
    for line in tsv.splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        cols = line.split("\t")
        if len(cols) < 7:
            continue
        # index, word, lemma, morphology, part of speech, its confidence, entity, chunk, -, head, relation
        head = int(cols[9]) - 1 if len(cols) > 9 and cols[9].strip().isdigit() else -1
        current.append({"text": cols[1], "lemma": cols[2], "pos": cols[4], "entity": cols[6] or "O",
                        "head": head, "relation": cols[10] if len(cols) > 10 else ""})
    if current:
        sentences.append(current)
    return sentences


def attach(an: Analysis, frog_sentences: list[list[dict]]) -> None:
    """Align Frog's words with the article text and give each of our sentences the words inside it.

    Frog read our sentences in order, so each word lies in the current sentence after the previous
    word, or at the start of the next one; a word Frog rewrote (a normalised quote mark) gets an
    empty span: it is kept, so that dependency heads still count right, but never names an entity.
    """
    text, sents = an.article.text, an.sentences
    k, pos = 0, sents[0].start
    placed: list[tuple[int, ParsedWord, int]] = []  # (our sentence, word, global index of its head)
    for fs in frog_sentences:
        base = len(placed)
        for w in fs:
            pattern = _pattern(w["text"])
            m = pattern.search(text, pos, sents[k].end)
            if m is None and k + 1 < len(sents):
                nxt = sents[k + 1].start
                m = pattern.search(text, nxt, min(sents[k + 1].end, nxt + ALIGN_WINDOW + len(w["text"])))
                if m is not None:
                    k += 1
            start, end = m.span() if m else (pos, pos)
            placed.append((k, ParsedWord(start, end, text[start:end], w["lemma"], w["pos"], w["entity"], -1, w["relation"]),
                           base + w["head"] if w["head"] >= 0 else -1))
            pos = max(pos, end)
    first: dict[int, int] = {}
    for i, (k, _, _) in enumerate(placed):
        first.setdefault(k, i)
    for k, word, head in placed:
        if 0 <= head < len(placed) and placed[head][0] == k:
            word.head = head - first[k]  # heads are renumbered to the sentence's own word list
        sents[k].words.append(word)
    for sent in sents:
        _relemmatize(sent)


def _pattern(word: str) -> re.Pattern:
    """A Frog word as it appears in the text: a multi-word unit ("Verenigde_Staten") may span any spaces."""
    return re.compile(r"\s+".join(re.escape(part) for part in word.split("_") if part) or re.escape(word))


def _relemmatize(sent: Sentence) -> None:
    """Frog's lemma for each of our tokens that Frog saw as the same word."""
    by_span = {(w.start, w.end): w for w in sent.words}
    sent.tokens = [Token(t.start, t.end, t.text, by_span[(t.start, t.end)].lemma.lower())
                   if (t.start, t.end) in by_span and by_span[(t.start, t.end)].lemma else t for t in sent.tokens]


def entities(sent: Sentence) -> list[tuple[int, int, str]]:
    """Frog's named entities in the sentence as (start, end, type) with type PER, ORG, LOC, ..."""
    out: list[tuple[int, int, str]] = []
    inside = False
    for w in sent.words:
        tag = w.entity
        if not tag.startswith(("B-", "I-")):
            inside = False
            continue
        if tag.startswith("I-") and inside and out[-1][2] == tag[2:]:
            out[-1] = (out[-1][0], w.end, out[-1][2])
        else:
            out.append((w.start, w.end, tag[2:]))
        inside = True
    return [e for e in out if e[1] > e[0]]
