"""The built-in rules: every check of the seed's stage 3, and what that loop missed.

Registered through the ``register_rules`` hook like any third-party plugin (this module is listed
in ``plugins.manager.BUILTIN_PLUGINS``). Row rules read the raw record, so a value given as a
string instead of a list is named as such, and one record can break several rules at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter
from typing import Any

from noesis_trainer.core.dataset import DatasetStats
from noesis_trainer.core.dedup import NearDuplicateFinder
from noesis_trainer.core.folding import lowered
from noesis_trainer.core.schema import (
    MIN_PROMPT_CHARS,
    MIN_RESPONSE_REVISED_CHARS,
    PROVENANCE_FIELDS,
    REQUIRED_FIELDS,
    Difficulty,
    Value,
)
from noesis_trainer.plugins import hookimpl
from noesis_trainer.validation.rules import (
    DatasetRule,
    GroupHit,
    Hit,
    RowRule,
    RuleInfo,
    ValidatorConfig,
)

TEXT_FIELDS: tuple[str, ...] = (
    "id",
    "category",
    "prompt",
    "response_initial",
    "critique",
    "response_revised",
    "reasoning",
)
VALUES: frozenset[str] = frozenset(v.value for v in Value)
DIFFICULTIES: frozenset[str] = frozenset(d.value for d in Difficulty)
_REQUIRED = frozenset(REQUIRED_FIELDS)


def _short(value: Any, limit: int = 50) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _type_name(value: Any) -> str:
    return {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


# -- row rules: the seed's asserts -----------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _missing_field(name: str) -> Hit:
    return Hit("required field is missing", name)


@functools.lru_cache(maxsize=512)
def _missing_fields(missing: frozenset[str]) -> tuple[Hit, ...]:
    """The hits for the `missing` fields, in `REQUIRED_FIELDS` order (one tuple per set)."""
    return tuple(_missing_field(f) for f in REQUIRED_FIELDS if f in missing)


class RequiredFieldRule(RowRule):
    id = "required-field"
    severity = "error"
    message = "a required field is missing"
    fix = "add the field; every example needs the nine fields of stage 1"
    schema_only = True

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        missing = _REQUIRED.difference(record)  # a C loop over the nine names (dict lookups)
        return _missing_fields(missing) if missing else ()


class FieldTypeRule(RowRule):
    id = "field-type"
    severity = "error"
    message = "a field holds the wrong JSON type"
    fix = "write text fields as strings and values_applied as a list of strings"
    schema_only = True

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        hits: list[Hit] = []
        for name in (*TEXT_FIELDS, "difficulty"):
            value = record.get(name, "")
            if type(value) is not str:
                hits.append(
                    Hit(f"expected a string, got {_type_name(value)}: {_short(value)}", name)
                )
        for name in PROVENANCE_FIELDS:
            value = record.get(name)
            if value is not None and type(value) is not str:
                hits.append(Hit(f"expected a string or null, got {_type_name(value)}", name))
        values = record.get("values_applied", [])
        if type(values) is not list and type(values) is not str:
            hits.append(
                Hit(
                    f"expected a list, got {_type_name(values)}: {_short(values)}", "values_applied"
                )
            )
        return hits


class ValuesAsStringRule(RowRule):
    id = "values-as-string"
    severity = "error"
    message = "values_applied is a string instead of a list"
    fix = 'write a JSON list, e.g. ["verdade", "sabedoria"]'
    schema_only = True

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        values = record.get("values_applied")
        if type(values) is str:
            return (
                Hit(f"given as the string {_short(values)}; expected a list", "values_applied"),
            )
        return ()


class ValuesVocabularyRule(RowRule):
    id = "values-vocabulary"
    severity = "error"
    message = "values_applied is empty or holds a value outside the vocabulary"
    fix = f"use at least one of: {', '.join(v.value for v in Value)}"
    schema_only = True

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        values = record.get("values_applied")
        if type(values) is not list:
            if type(values) is str and values.strip() and values not in VALUES:
                parts = [p.strip() for p in re.split(r"[,;/|]", values)]
                bad = [p for p in parts if p and p not in VALUES]
                if bad:
                    return (Hit(f"unknown value(s) {bad}", "values_applied"),)
            return ()
        if not values:
            return (Hit("empty list: at least one value is needed", "values_applied"),)
        bad = [v for v in values if type(v) is not str or v not in VALUES]
        if bad:
            return (Hit(f"unknown value(s) {_short(bad)}", "values_applied"),)
        return ()


class DifficultyVocabularyRule(RowRule):
    id = "difficulty-vocabulary"
    severity = "error"
    message = "difficulty is not easy, medium or hard"
    fix = "use one of: easy, medium, hard (lower case)"
    schema_only = True

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        value = record.get("difficulty")
        if type(value) is str and value not in DIFFICULTIES:
            return (Hit(f"got {_short(value)}", "difficulty"),)
        return ()


class EmptyFieldRule(RowRule):
    id = "empty-field"
    severity = "error"
    message = "id or category is empty"
    fix = "give every example a non-empty id and category"

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        id_, category = record.get("id"), record.get("category")
        if (type(id_) is str and not id_.strip()) or (
            type(category) is str and not category.strip()
        ):
            return [
                Hit("empty", name)
                for name, value in (("id", id_), ("category", category))
                if type(value) is str and not value.strip()
            ]
        return ()


class PromptTooShortRule(RowRule):
    id = "prompt-too-short"
    severity = "error"
    message = f"prompt shorter than {MIN_PROMPT_CHARS} characters"
    fix = "write the full question or situation"
    schema_only = True

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        value = record.get("prompt")
        if type(value) is str and len(value) < MIN_PROMPT_CHARS:
            return (Hit(f"{len(value)} characters (minimum {MIN_PROMPT_CHARS})", "prompt"),)
        return ()


class ResponseTooShortRule(RowRule):
    id = "response-too-short"
    severity = "error"
    message = f"response_revised shorter than {MIN_RESPONSE_REVISED_CHARS} characters"
    fix = "write the full revised answer"
    schema_only = True

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        value = record.get("response_revised")
        if type(value) is str and len(value) < MIN_RESPONSE_REVISED_CHARS:
            return (
                Hit(
                    f"{len(value)} characters (minimum {MIN_RESPONSE_REVISED_CHARS})",
                    "response_revised",
                ),
            )
        return ()


_MARKER_RE = re.compile(r"TODO|FIXME|(?i:lorem ipsum)")


def _may_hold_marker(value: str) -> bool:
    """Cheap pre-test for `_MARKER_RE` (substring scans in C); never false where it matches.

    Case-blind, ``re`` lets "p", "u", "m" match only themselves in either case and "s" also
    "ſ" (U+017F), so any "lorem ipsum" holds one of ``psum`` or ``pſum`` once ASCII letters are
    lowered (`lowered`: C passes, where a case-blind regex scan cost five times more). A capital
    "D" or "X" is rare in prose: one-character scans (memchr) before the four- and
    five-character ones."""
    if ("D" in value and "TODO" in value) or ("X" in value and "FIXME" in value):
        return True
    low = lowered(value)
    return "psum" in low or "pſum" in low


class PlaceholderMarkerRule(RowRule):
    id = "placeholder-marker"
    severity = "error"
    message = "TODO, FIXME or lorem ipsum in the revised response"
    fix = "finish the answer; placeholders teach the model to emit placeholders"

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        value = record.get("response_revised")
        return _marker_hits(value) if type(value) is str else ()


MEMO_TEXTS = 4096
"""Distinct texts whose rule results are remembered (generated files repeat a few answers
thousands of times). A miss costs a dictionary insert: the text's hash is computed once per
string and the output rules' memo asks for it anyway."""


@functools.lru_cache(maxsize=MEMO_TEXTS)
def _marker_hits(value: str) -> tuple[Hit, ...]:
    # Plain substring tests first (as fast as the seed's loop); the regex only to locate.
    if _may_hold_marker(value):
        m = _MARKER_RE.search(value)
        if m:
            return (Hit(f"contains {m.group(0)!r} at character {m.start()}", "response_revised"),)
    return ()


# -- row rules: what the seed missed -----------------------------------------------------------

_TEMPLATE_RE = re.compile(r"\{\{[^{}\n]{0,60}\}\}|\{[A-Za-z_][A-Za-z0-9_]{0,40}\}")
_TEMPLATE_FIELDS: tuple[str, ...] = (*TEXT_FIELDS[1:], "technique")


@functools.lru_cache(maxsize=MEMO_TEXTS)
def _placeholder(value: str) -> str | None:
    """The first unrendered placeholder of `value` (memoized: messy files repeat their texts)."""
    m = _TEMPLATE_RE.search(value)
    return m.group(0) if m else None


class UnrenderedTemplateRule(RowRule):
    id = "unrendered-template"
    severity = "error"
    message = "a template placeholder like {concept} or {{x}} was left unrendered"
    fix = "render the template (fill the placeholder) or drop the row"

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        found: list[tuple[str, str]] = []
        for name in _TEMPLATE_FIELDS:
            value = record.get(name)
            if type(value) is str and "{" in value:
                placeholder = _placeholder(value)
                if placeholder is not None:
                    found.append((placeholder, name))
        return _template_hits(tuple(found)) if found else ()


@functools.lru_cache(maxsize=1024)
def _template_hits(found: tuple[tuple[str, str], ...]) -> tuple[Hit, ...]:
    return tuple(Hit(f"placeholder {placeholder!r}", name) for placeholder, name in found)


@functools.lru_cache(maxsize=MEMO_TEXTS)
def _missing_parts(value: str) -> tuple[Hit, ...]:
    upper = value.upper() if "[" in value else ""
    missing = [t for t in CritiquePartsRule._TAGS if t not in upper]
    return (_missing_hit(" ".join(missing)),) if missing else ()


@functools.lru_cache(maxsize=64)
def _missing_hit(missing: str) -> Hit:
    return Hit(f"missing {missing}", "critique")


class CritiquePartsRule(RowRule):
    id = "critique-parts"
    severity = "warning"
    message = "critique lacks one of the [VERITAS] / [SOPHIA] / [DIKE] parts"
    fix = "write the critique as the Tribunal's three parts: [VERITAS] ... [SOPHIA] ... [DIKE] ..."

    _TAGS = ("[VERITAS]", "[SOPHIA]", "[DIKE]")

    def check(self, record: Mapping[str, Any]) -> Iterable[Hit]:
        value = record.get("critique")
        if type(value) is not str:
            return ()
        return _missing_parts(value)


# -- dataset rules -----------------------------------------------------------------------------


class DuplicateIdRule(DatasetRule):
    id = "duplicate-id"
    severity = "error"
    message = "the same id is used by more than one row"
    fix = "give every example its own id (`noesis` combine can rename with __2, __3...)"

    def reset(self, options: ValidatorConfig) -> None:
        self._first: dict[str, int] = {}
        self._dups: dict[int, list[int]] = {}

    def observe(self, row: int, record: Mapping[str, Any], valid: bool) -> None:
        key = record.get("id")
        if type(key) is str:
            first = self._first.setdefault(key, row)
            if first != row:
                self._dups.setdefault(first, [first]).append(row)

    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        for rows in self._dups.values():
            yield GroupHit(
                f"{len(rows)} rows share one id",
                rows=tuple(rows),
                flag_rows=tuple(rows[1:]),
                kind="exact",
                field="id",
                row_detail="id already used at {first}",
            )


class _DuplicateTextRule(DatasetRule):
    """Exact and near-duplicate clusters of one text field (MinHash/LSH, see `dedup`)."""

    field_name = ""

    def reset(self, options: ValidatorConfig) -> None:
        old = getattr(self, "_finder", None)
        if old is not None:
            old.close()
        self._finder = NearDuplicateFinder(options.duplicate_threshold, worker=options.workers > 1)
        self._add = self._finder.add
        self._rows: list[int] = []
        self._threshold = options.duplicate_threshold

    def observe(self, row: int, record: Mapping[str, Any], valid: bool) -> None:
        value = record.get(self.field_name)
        if type(value) is str and value:
            self._add(value)
            self._rows.append(row)

    def end_of_input(self) -> None:
        self._finder.start_clusters()

    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        rows = self._rows
        field = self.field_name
        clusters = self._finder.clusters()
        self._finder.close()
        near = f"near-duplicate (estimated Jaccard >= {self._threshold:g})"
        for cluster, identical in zip(
            clusters, self._finder.identical_clusters(clusters), strict=True
        ):
            members: tuple[int, ...] = itemgetter(*cluster)(rows)  # clusters have >= 2 members
            what = "identical" if identical else near
            yield GroupHit(
                f"{len(members)} rows with {what} {field}",
                rows=members,
                flag_rows=members[1:],
                kind="exact" if identical else "near",
                field=field,
                row_detail=f"{what} {field} of {{first}} ({len(members)} rows)",
            )


class DuplicatePromptRule(_DuplicateTextRule):
    id = "duplicate-prompt"
    severity = "warning"
    message = "prompts that are exact or near-duplicates of another row's prompt"
    fix = "keep one row per question, or vary the question itself, not only its framing"
    field_name = "prompt"


class DuplicateResponseRule(_DuplicateTextRule):
    id = "duplicate-response"
    severity = "warning"
    message = "revised responses that are exact or near-duplicates of another row's"
    fix = (
        "a variation must change the answer, not only append a sentence; keep one row per "
        "cluster or rewrite the others"
    )
    field_name = "response_revised"


_SENTENCE_END = re.compile(r"[.!?](\s|$)")


def more_than_one_sentence(text: str) -> bool:
    """Whether `_SENTENCE_END` matches twice in `text`; two matches need two of the marks, so
    the regex runs only where they are (most generic sentences have one period and no "!" or
    "?": two one-character scans and one count say so)."""
    if "!" not in text and "?" not in text and text.count(".") < 2:
        return False
    end = _SENTENCE_END.search(text)
    return end is not None and _SENTENCE_END.search(text, end.end()) is not None


class GenericResponseInitialRule(DatasetRule):
    id = "generic-response-initial"
    severity = "warning"
    message = "response_initial is one generic sentence reused across many rows"
    fix = (
        "write a specific shallow answer to each prompt; a fixed 'before' teaches the model "
        "nothing about what to revise"
    )

    def reset(self, options: ValidatorConfig) -> None:
        self._min = options.generic_min_rows
        self._first: dict[str, int] = {}  # every short sentence: its first row
        self._groups: dict[str, list[int]] = {}  # sentences seen twice or more: all their rows

    def observe(self, row: int, record: Mapping[str, Any], valid: bool) -> None:
        text = record.get("response_initial")
        if type(text) is not str or len(text) > 200:
            return
        stripped = text.strip()
        if more_than_one_sentence(stripped):
            return
        category = record.get("category")
        if type(category) is str and category and category in stripped:
            stripped = stripped.replace(category, "{category}")
        first = self._first.setdefault(stripped, row)
        if first != row:
            group = self._groups.get(stripped)
            if group is None:
                self._groups[stripped] = [first, row]
            else:
                group.append(row)

    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        for text, rows in self._groups.items():
            if len(rows) >= self._min:
                yield GroupHit(
                    f"{len(rows)} rows share the response_initial {text!r}",
                    rows=tuple(rows),
                    flag_rows=tuple(rows),
                    kind="exact",
                    field="response_initial",
                    preview=text,
                    row_detail=f"generic sentence shared by {len(rows)} rows: {text[:80]!r}",
                )


class _DistributionRule(DatasetRule):
    observes = False

    def reset(self, options: ValidatorConfig) -> None:
        self.options = options

    def _enough(self, stats: DatasetStats) -> bool:
        return stats.total >= self.options.distribution_min_rows


class CategoryCountRule(_DistributionRule):
    id = "category-count"
    severity = "warning"
    message = "number of categories outside the seed's expected 20-30"
    fix = "merge near-identical categories, or add examples to cover the missing topics"

    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        low, high = self.options.category_range
        n = len(stats.categories)
        if self._enough(stats) and not low <= n <= high:
            top = dict(list(stats.categories.items())[:10])
            yield GroupHit(
                f"{n} categories over {stats.total} valid rows; expected {low}-{high}",
                figures={"categories": n, "expected": [low, high], "top": top},
            )


class DifficultyMixRule(_DistributionRule):
    id = "difficulty-mix"
    severity = "warning"
    message = "difficulty mix far from the seed's ~60% hard / 30% medium / 10% easy"
    fix = "add examples of the under-represented difficulty levels"

    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        if not self._enough(stats):
            return
        target = self.options.difficulty_target
        shares = {k: stats.difficulties.get(k, 0) / stats.total for k, _ in target}
        off = {
            k: round(shares[k] - t, 3)
            for k, t in target
            if abs(shares[k] - t) > self.options.difficulty_tolerance
        }
        if off:
            shown = ", ".join(f"{k} {shares[k]:.0%}" for k in shares)
            expected = ", ".join(f"{k} {t:.0%}" for k, t in target)
            yield GroupHit(
                f"difficulty mix {shown}; expected about {expected}",
                figures={"shares": {k: round(v, 4) for k, v in shares.items()}, "off_by": off},
            )


class ValueDistributionRule(_DistributionRule):
    id = "value-distribution"
    severity = "warning"
    message = "a value is (almost) never applied"
    fix = "add examples that apply the rare values, so the model sees all six"

    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        if not self._enough(stats):
            return
        shares = {v.value: stats.values.get(v.value, 0) / stats.total for v in Value}
        rare = {k: s for k, s in shares.items() if s < self.options.value_min_share}
        if rare:
            yield GroupHit(
                f"values in fewer than {self.options.value_min_share:.0%} of rows: "
                + ", ".join(f"{k} {s:.1%}" for k, s in rare.items()),
                figures={"share_of_rows": {k: round(s, 4) for k, s in shares.items()}},
            )


class ReferenceOverlapRule(DatasetRule):
    """Rows whose answer repeats one of a reference split (train/eval leakage)."""

    id = "reference-overlap"
    severity = "error"
    message = "response_revised repeats (or nearly repeats) an answer of the reference split"
    fix = (
        "split by seed group, not by row: every variation of a seed must land in the same "
        "split; drop these rows from the evaluation set"
    )

    def reset(self, options: ValidatorConfig) -> None:
        self._label = options.reference_label
        self._threshold = options.duplicate_threshold
        self._finder: NearDuplicateFinder | None = None
        self._n_ref = len(options.reference_texts)
        self._rows: list[int] = []
        self.observes = bool(options.reference_texts)
        if options.reference_texts:
            self._finder = NearDuplicateFinder(options.duplicate_threshold)
            self._finder.extend(options.reference_texts)

    def observe(self, row: int, record: Mapping[str, Any], valid: bool) -> None:
        if self._finder is None:
            return
        value = record.get("response_revised")
        if type(value) is str and value:
            self._finder.add(value)
            self._rows.append(row)

    def finish(self, stats: DatasetStats) -> Iterable[GroupHit]:
        if self._finder is None:
            return
        n_ref = self._n_ref
        exact_rows = {
            i for c in self._finder.exact_clusters() if c[0] < n_ref for i in c if i >= n_ref
        }
        exact: list[int] = []
        near: list[int] = []
        for cluster in self._finder.clusters():
            if cluster[0] >= n_ref:
                continue  # no reference text in this cluster
            for i in cluster:
                if i >= n_ref:
                    (exact if i in exact_rows else near).append(self._rows[i - n_ref])
        for kind, rows in (("exact", sorted(exact)), ("near", sorted(near))):
            if rows:
                what = "identical to" if kind == "exact" else "a near-duplicate of"
                yield GroupHit(
                    f"{len(rows)} rows whose response_revised is {what} an answer of {self._label}",
                    rows=tuple(rows),
                    flag_rows=tuple(rows),
                    kind=kind,
                    field="response_revised",
                    row_detail=f"response_revised is {what} an answer of {self._label}",
                    figures={"rows": len(rows)},
                )


# -- load-level problems (found by the reader, described here for reports and docs) ------------

LOAD_RULES: dict[str, RuleInfo] = {
    r.id: r
    for r in (
        RuleInfo(
            "unreadable", "error", "the file cannot be read", "check the path and permissions"
        ),
        RuleInfo(
            "invalid-json",
            "error",
            "the line is not valid JSON",
            "fix the JSON syntax (quotes, commas, brackets) on that line",
        ),
        RuleInfo(
            "invalid-utf8", "error", "the line is not valid UTF-8", "re-save the file as UTF-8"
        ),
        RuleInfo(
            "multiline-record",
            "error",
            "one JSON object is spread over several lines",
            "write each object on one line (json.dumps without indent)",
        ),
        RuleInfo(
            "not-an-object",
            "error",
            "the line holds a JSON array or scalar, not an object",
            "write one JSON object per line",
        ),
        RuleInfo(
            "foreign-format",
            "error",
            "the record is a chat/alpaca record, not an example",
            "import it with `noesis convert --from FORMAT`",
        ),
        RuleInfo(
            "empty-input",
            "error",
            "the input holds no rows",
            "check the path: an empty file validates nothing",
        ),
        RuleInfo(
            "schema",
            "error",
            "the record does not match the Example schema",
            "see the message; `noesis schema` prints the JSON Schema",
        ),
    )
}

LOAD_CODE_TO_RULE: dict[str, str] = {
    "unreadable": "unreadable",
    "invalid_json": "invalid-json",
    "invalid_utf8": "invalid-utf8",
    "multiline_record": "multiline-record",
    "array_line": "not-an-object",
    "not_an_object": "not-an-object",
}


def load_rule_for(code: str, field: str | None, message: str) -> str:
    """The rule id for a reader/schema `LoadProblem` code (used for in-memory datasets)."""
    if code in LOAD_CODE_TO_RULE:
        return LOAD_CODE_TO_RULE[code]
    if code.startswith("foreign."):
        return "foreign-format"
    top = (field or "").split(".")[0]
    if code == "schema.missing":
        return "required-field"
    if top == "values_applied":
        if code == "schema.list_type" and "got str" in message:
            return "values-as-string"
        if code in ("schema.enum", "schema.too_short"):
            return "values-vocabulary"
    if top == "difficulty" and code == "schema.enum":
        return "difficulty-vocabulary"
    if top == "prompt" and code == "schema.string_too_short":
        return "prompt-too-short"
    if top == "response_revised" and code == "schema.string_too_short":
        return "response-too-short"
    if top in ("id", "category") and code == "schema.string_too_short":
        return "empty-field"
    if code in ("schema.string_type", "schema.list_type"):
        return "field-type"
    return "schema"


SCHEMA_RULES: dict[str, type[RowRule]] = {
    "required-field": RequiredFieldRule,
    "field-type": FieldTypeRule,
    "values-as-string": ValuesAsStringRule,
    "values-vocabulary": ValuesVocabularyRule,
    "difficulty-vocabulary": DifficultyVocabularyRule,
    "empty-field": EmptyFieldRule,
    "prompt-too-short": PromptTooShortRule,
    "response-too-short": ResponseTooShortRule,
}
"""The built-in row rules that together check everything the `Example` schema checks: when all
are active, a record is schema-valid exactly when none of them fires."""

_REQUIRED_GETTER = itemgetter(*REQUIRED_FIELDS)
assert REQUIRED_FIELDS == (  # the unpacking order of `schema_valid`
    "id",
    "category",
    "prompt",
    "response_initial",
    "critique",
    "response_revised",
    "reasoning",
    "values_applied",
    "difficulty",
)


def schema_valid(record: Mapping[str, Any]) -> bool:
    """Whether none of `SCHEMA_RULES` fires on `record`, in one call (the common case first).

    The validator runs the schema rules one by one only on records this refuses.
    """
    if len(record) < 9:  # a field is missing: say so without raising and catching a KeyError
        return False
    try:
        i, c, p, ri, cr, rr, rs, va, d = _REQUIRED_GETTER(record)
    except KeyError:
        return False
    if not (
        type(i) is str
        and type(c) is str
        and type(p) is str
        and type(ri) is str
        and type(cr) is str
        and type(rr) is str
        and type(rs) is str
        and type(d) is str
        and type(va) is list
        and va
        and i.strip()
        and c.strip()
        and len(p) >= MIN_PROMPT_CHARS
        and len(rr) >= MIN_RESPONSE_REVISED_CHARS
        and d in DIFFICULTIES
    ):
        return False
    for v in va:
        if type(v) is not str or v not in VALUES:
            return False
    for name in PROVENANCE_FIELDS:
        v = record.get(name)
        if v is not None and type(v) is not str:
            return False
    return True


def builtin_rules() -> list[RowRule | DatasetRule]:
    """Fresh instances of every built-in rule, in report order."""
    return [
        RequiredFieldRule(),
        FieldTypeRule(),
        ValuesAsStringRule(),
        ValuesVocabularyRule(),
        DifficultyVocabularyRule(),
        EmptyFieldRule(),
        PromptTooShortRule(),
        ResponseTooShortRule(),
        PlaceholderMarkerRule(),
        UnrenderedTemplateRule(),
        CritiquePartsRule(),
        DuplicateIdRule(),
        DuplicatePromptRule(),
        DuplicateResponseRule(),
        GenericResponseInitialRule(),
        CategoryCountRule(),
        DifficultyMixRule(),
        ValueDistributionRule(),
        ReferenceOverlapRule(),
    ]


@hookimpl
def register_rules(register: Callable[[Any], None]) -> None:
    for rule in builtin_rules():
        register(rule)


BUILTIN_ROW_RULES: tuple[type[RowRule], ...] = (
    RequiredFieldRule,
    FieldTypeRule,
    ValuesAsStringRule,
    ValuesVocabularyRule,
    DifficultyVocabularyRule,
    EmptyFieldRule,
    PromptTooShortRule,
    ResponseTooShortRule,
    PlaceholderMarkerRule,
    UnrenderedTemplateRule,
    CritiquePartsRule,
)
"""The built-in row rules in report order: `builtin_row_hits` indexes its results in this."""

_REQUIRED_CHECK = RequiredFieldRule().check
_FIELD_TYPE_CHECK = FieldTypeRule().check
_VALUES_STRING_CHECK = ValuesAsStringRule().check
_VALUES_VOCABULARY_CHECK = ValuesVocabularyRule().check
_DIFFICULTY_CHECK = DifficultyVocabularyRule().check
_EMPTY_CHECK = EmptyFieldRule().check
_PROMPT_CHECK = PromptTooShortRule().check
_RESPONSE_CHECK = ResponseTooShortRule().check
_TEMPLATE_CHECK = UnrenderedTemplateRule().check


def builtin_row_hits(
    record: Mapping[str, Any], schema_valid: bool = False
) -> list[tuple[int, Iterable[Hit]]]:
    """Every built-in row rule on `record` in one call: ``(index in BUILTIN_ROW_RULES, hits)``
    for each rule that fires, in that order; the same hits as calling each rule's `check`.

    Each rule's check runs only where a cheap test says it can fire (most rows break few rules),
    which is what makes one call cheaper than eleven. ``schema_valid``: the caller knows that
    `schema_valid(record)` holds, so the schema-only rules cannot fire and are skipped.
    """
    out: list[tuple[int, Iterable[Hit]]] = []
    get = record.get
    if not schema_valid:
        if not record.keys() >= _REQUIRED:
            out.append((0, _REQUIRED_CHECK(record)))
        values = get("values_applied")
        for v in record.values():
            if type(v) is not str:  # all strings: no field has the wrong type
                hits = _FIELD_TYPE_CHECK(record)
                if hits:
                    out.append((1, hits))
                break
        if type(values) is str:
            hits = _VALUES_STRING_CHECK(record)
            if hits:
                out.append((2, hits))
        if values is not None:
            hits = _VALUES_VOCABULARY_CHECK(record)
            if hits:
                out.append((3, hits))
        if get("difficulty") is not None:
            hits = _DIFFICULTY_CHECK(record)
            if hits:
                out.append((4, hits))
    id_, category = get("id"), get("category")
    if (type(id_) is str and not id_.strip()) or (type(category) is str and not category.strip()):
        out.append((5, _EMPTY_CHECK(record)))
    revised = get("response_revised")
    if not schema_valid:
        prompt = get("prompt")
        if type(prompt) is str and len(prompt) < MIN_PROMPT_CHARS:
            out.append((6, _PROMPT_CHECK(record)))
        if type(revised) is str and len(revised) < MIN_RESPONSE_REVISED_CHARS:
            out.append((7, _RESPONSE_CHECK(record)))
    if type(revised) is str:
        hits = _marker_hits(revised)
        if hits:
            out.append((8, hits))
    hits = _TEMPLATE_CHECK(record)
    if hits:
        out.append((9, hits))
    critique = get("critique")
    if type(critique) is str and not (
        "[VERITAS]" in critique and "[SOPHIA]" in critique and "[DIKE]" in critique
    ):  # all three tags as written: none missing, no upper-casing of a long text to check it
        hits = _missing_parts(critique)
        if hits:
            out.append((10, hits))
    return out
