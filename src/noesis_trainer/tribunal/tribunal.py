"""`Tribunal`: runs judges on items, combines their scores into weighted verdicts.

Judges come from the `register_judges` plugin hook (the built-in heuristic judges are a plugin like
any other) plus any given by the caller. Several judges of one virtue are averaged; the virtue
scores are combined with the configured weights, renormalised over the virtues present.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noesis_trainer.core.gc_pause import gc_paused
from noesis_trainer.tribunal.judge import Judge, JudgeItem, JudgeScore, Virtue, virtue_of
from noesis_trainer.tribunal.judges.text import without_sign_off
from noesis_trainer.tribunal.output_failures import FailureKind, OutputFailure, detect_batch
from noesis_trainer.tribunal.report import TribunalReport
from noesis_trainer.tribunal.verdict import JudgeResult, Status, TribunalConfig, Verdict

if TYPE_CHECKING:
    from noesis_trainer.core.formatting import ChatFormat
    from noesis_trainer.generation.base import TextGenerator
    from noesis_trainer.tribunal.calibration import CalibrationReport, Triple
    from noesis_trainer.tribunal.judges.relevance import RelevanceBackend

CHUNK = 8192
"""Items per `score_batch` call: bounds memory, keeps the feature cache warm across judges, and is
the context of the heuristic judges' batch relevance (IDF weights, other prompts). A judge with a
`max_batch` attribute gets at most that many items per call instead."""

ItemLike = JudgeItem | tuple[str, str] | tuple[str, str, str | None] | Mapping[str, Any]


def _without_sign_off(item: JudgeItem) -> JudgeItem:
    """`item` with its answer's sign-off left out (`judges.text.without_sign_off`: "Canberra.
    🙂" is weighed as "Canberra.")."""
    text = without_sign_off(item.response)
    return item if text is item.response else dataclasses.replace(item, response=text)


def as_item(value: ItemLike, index: int = 0) -> JudgeItem:
    """Accept a `JudgeItem`, a (prompt, response[, reference]) tuple, or a mapping with `prompt`
    and `response` (or `response_revised`) keys."""
    if isinstance(value, JudgeItem):
        return value
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise ValueError(f"item {index}: expected (prompt, response[, reference])")
        reference = value[2] if len(value) == 3 else None
        return JudgeItem(str(value[0]), str(value[1]), reference)
    if isinstance(value, Mapping):
        response = value.get("response", value.get("response_revised"))
        prompt = value.get("prompt")
        if not isinstance(prompt, str) or not isinstance(response, str):
            raise ValueError(
                f"item {index}: needs text fields 'prompt' and 'response' (or 'response_revised')"
            )
        reference = value.get("reference")
        finished = value.get("finished")
        return JudgeItem(
            prompt,
            response,
            reference if isinstance(reference, str) else None,
            finished if isinstance(finished, bool) else None,
        )
    raise TypeError(f"item {index}: cannot judge a {type(value).__name__}")


def _kind(backend: object) -> str:
    """The `TribunalConfig.relevance` value that records a backend object: a name only where
    `Tribunal(config=...)` would build the same thing again, else "custom"."""
    from noesis_trainer.tribunal.judges import retrieval
    from noesis_trainer.tribunal.judges.semantic import SemanticRelevance
    from noesis_trainer.tribunal.judges.word_vectors import TERSE_WORDS, WordVectors

    if isinstance(backend, SemanticRelevance):
        return "semantic"
    if isinstance(backend, retrieval.RetrievalRelevance) and (
        backend.rescued,
        backend.margin,
        backend.claim,
        backend.min_topics,
    ) == (
        retrieval.RETRIEVED_RELEVANCE,
        retrieval.RETRIEVAL_MARGIN,
        retrieval.CLAIM_LEAD,
        retrieval.RANKED_TOPICS,
    ):
        if (
            isinstance(backend.encoder, WordVectors)
            and backend.encoder.mapped
            and backend.longest == TERSE_WORDS
        ):
            return "vectors"
        if isinstance(backend.encoder, SemanticRelevance) and backend.longest is None:
            return "retrieval"
    return "custom"


def _with_backend(judge: Any, backend: RelevanceBackend) -> Any:
    """A heuristic judge without a relevance setting of its own, given `backend`; others as is
    (a judge built with its own backend, or with `relative=True`, keeps it: the default's word
    vectors would otherwise replace a relative relevance asked for by name)."""
    from noesis_trainer.tribunal.judges.heuristic import HeuristicJudge

    if isinstance(judge, HeuristicJudge) and judge.relevance_backend is None and not judge.relative:
        return judge.with_relevance(backend)
    return judge


def _config_overrides(
    weights: Mapping[Virtue | str, float] | None,
    approve_above: float | None,
    reject_below: float | None,
    gate: bool | None,
    gate_kinds: Iterable[FailureKind | str] | None,
) -> dict[str, Any]:
    """The `Tribunal` arguments that were given, as `TribunalConfig` fields (None: keep the
    config's own), normalised to its types (virtues and failure kinds from their names)."""
    updates: dict[str, Any] = {}
    if weights is not None:
        updates["weights"] = {Virtue(str(getattr(k, "value", k))): w for k, w in weights.items()}
    if approve_above is not None:
        updates["approve_above"] = approve_above
    if reject_below is not None:
        updates["reject_below"] = reject_below
    if gate is not None:
        updates["gate"] = gate
    if gate_kinds is not None:
        updates["gate_kinds"] = tuple(dict.fromkeys(FailureKind(k) for k in gate_kinds))
    return updates


def _configured(
    base: TribunalConfig,
    overrides: dict[str, Any],
    relevance: str | RelevanceBackend | None,
) -> tuple[TribunalConfig, RelevanceBackend | None]:
    """`base` with `overrides` and the `relevance` setting, validated as one config (a bad value
    fails here, by field name); and the relevance backend when an object was given (the config
    records its kind: "semantic", "retrieval" or "custom")."""
    updates = dict(overrides)
    backend: RelevanceBackend | None = None
    if isinstance(relevance, str):
        updates["relevance"] = relevance
    elif relevance is not None:
        backend = relevance
        updates["relevance"] = _kind(relevance)
    return TribunalConfig.model_validate({**base.model_dump(), **updates}), backend


def _relevance_backend(
    config: TribunalConfig, backend: RelevanceBackend | None
) -> RelevanceBackend | None:
    """The backend the config's relevance setting needs: the given one, a `SemanticRelevance`
    for "semantic", a `RetrievalRelevance` for "retrieval" (their extra checked now, not after
    a checkpoint has generated its answers) or for "vectors" (with `WordVectors`, no extra),
    none for "lexical"; "custom" without a backend object is an error."""
    if backend is None and config.relevance == "custom":
        raise ValueError("relevance 'custom': give the RelevanceBackend itself")
    if backend is None and config.relevance == "semantic":
        from noesis_trainer.tribunal.judges.semantic import SemanticRelevance, check_installed

        check_installed()
        backend = SemanticRelevance()
    if backend is None and config.relevance == "retrieval":
        from noesis_trainer.tribunal.judges.retrieval import RetrievalRelevance

        backend = RetrievalRelevance()  # checks the extra itself
    if backend is None and config.relevance == "vectors":
        from noesis_trainer.tribunal.judges.word_vectors import word_vector_relevance

        backend = word_vector_relevance()
    return backend


def _collect_judges(
    judges: Iterable[Judge], use_plugins: bool, builtin_judges: bool | None
) -> list[Judge]:
    """The plugins' judges (built-in and third-party, as asked), then the caller's. By default
    the built-ins are in, except when the caller gives judges and turns plugins off."""
    given = list(judges)
    if builtin_judges is None:
        builtin_judges = use_plugins or not given
    collected: list[Judge] = []
    if use_plugins or builtin_judges:
        from noesis_trainer.plugins.manager import collect

        collected.extend(
            collect("register_judges", builtin=builtin_judges, third_party=use_plugins)
        )
    collected.extend(given)
    return collected


def _with_virtues(collected: Iterable[Judge]) -> list[tuple[Judge, Virtue]]:
    """Each judge with its virtue, checked: a `Judge` (plugins return anything), uniquely named
    (results are keyed by name), and at least one."""
    found: list[tuple[Judge, Virtue]] = []
    seen: set[str] = set()
    for judge in collected:
        if not isinstance(judge, Judge):
            raise TypeError(f"{judge!r} is not a Judge (needs name, virtue and score_batch(items))")
        if judge.name in seen:
            raise ValueError(f"two judges are named {judge.name!r}; judge names must be unique")
        seen.add(judge.name)
        found.append((judge, virtue_of(judge)))
    if not found:
        raise ValueError("a Tribunal needs at least one judge (none registered or given)")
    return found


def _check_weighted(judges: Sequence[tuple[Judge, Virtue]], config: TribunalConfig) -> None:
    """Refuse a Tribunal whose every judge has a virtue of weight 0: its totals would all be 0."""
    if not any(config.weights.get(v, 0.0) > 0 for _, v in judges):
        raise ValueError("no judge belongs to a virtue with a positive weight")


class Tribunal:
    """Weighted judges -> verdicts -> report. Defaults: the seed's weights and thresholds."""

    def __init__(
        self,
        judges: Iterable[Judge] = (),
        *,
        use_plugins: bool = True,
        builtin_judges: bool | None = None,
        config: TribunalConfig | None = None,
        weights: Mapping[Virtue | str, float] | None = None,
        approve_above: float | None = None,
        reject_below: float | None = None,
        relevance: str | RelevanceBackend | None = None,
        gate: bool | None = None,
        gate_kinds: Iterable[FailureKind | str] | None = None,
        special_tokens: Collection[str] = (),
    ) -> None:
        """`relevance`: "vectors" (default: shared words, and static e5 word vectors' second
        look at the answers they call off topic: `judges.word_vectors`), "lexical" (shared words
        alone), "semantic" (sentence embeddings, the optional `semantic` extra), "retrieval"
        (shared words, and that encoder's second look), or a `RelevanceBackend` of your own;
        it is given to every heuristic judge (built-in or a subclass from a plugin) that has no
        backend of its own and no `relative=True`.
        `gate` (default on): reject output failures before the judges (`output_failures`), of
        the `gate_kinds` (default: all but MISPLACED);
        `special_tokens`: the generating tokenizer's special tokens, leaks of which the gate
        rejects on top of the Llama 3, ChatML and Gemma markers.
        `use_plugins` adds the judges of installed third-party plugins; `builtin_judges` the
        built-in heuristic ones (Veritas, Sophia, Dikē). By default the built-ins are in, except
        when you give your own `judges` and turn plugins off: then exactly your judges judge."""
        self.special_tokens = tuple(special_tokens)
        overrides = _config_overrides(weights, approve_above, reject_below, gate, gate_kinds)
        self.config, backend = _configured(config or TribunalConfig(), overrides, relevance)
        self.unscored = 0
        """Judgements of the last `verdicts` call that no judge could make (left out of means)."""
        backend = _relevance_backend(self.config, backend)
        collected = _collect_judges(judges, use_plugins, builtin_judges)
        if backend is not None:
            collected = [_with_backend(judge, backend) for judge in collected]
        self._judges = _with_virtues(collected)
        _check_weighted(self._judges, self.config)

    @property
    def judges(self) -> list[Judge]:
        return [j for j, _ in self._judges]

    def __repr__(self) -> str:
        names = ", ".join(j.name for j in self.judges)
        return f"Tribunal(judges=[{names}])"

    # -- judging ---------------------------------------------------------------------------

    def gate_failures(
        self, items: Sequence[JudgeItem], *, special_tokens: Collection[str] = ()
    ) -> list[list[OutputFailure]]:
        """The output failures of each item (empty lists when the gate is off); `special_tokens`
        are looked for on top of the Tribunal's own (the generating tokenizer's)."""
        if not self.config.gate:
            return [[] for _ in items]
        kinds = self.config.gate_kinds
        tokens = tuple(dict.fromkeys((*self.special_tokens, *special_tokens)))
        pairs = [(it.prompt, it.response) for it in items]
        finished = [it.finished for it in items]
        found = detect_batch(
            pairs,
            finished=finished,
            special_tokens=tokens,
            misplaced_too=FailureKind.MISPLACED in kinds,
        )
        return [[f for f in fs if f.kind in kinds] for fs in found]

    def verdicts(
        self,
        items: Sequence[ItemLike],
        *,
        start_index: int = 0,
        special_tokens: Collection[str] = (),
    ) -> list[Verdict]:
        """One `Verdict` per item, in order. Items the gate rejects never reach the judges:
        every judge's result is 0 with the failure as its reason. `special_tokens`: the
        generating tokenizer's, for this call (on top of the Tribunal's own)."""
        with gc_paused():
            return self._verdicts(items, start_index, special_tokens)

    def _verdicts(
        self, items: Sequence[ItemLike], start_index: int, special_tokens: Collection[str]
    ) -> list[Verdict]:
        judged = [as_item(item, i) for i, item in enumerate(items)]
        failures = self.gate_failures(judged, special_tokens=special_tokens)
        # the judges weigh what an answer says, not the emoji it signs off with
        passed = [_without_sign_off(it) for it, f in zip(judged, failures, strict=True) if not f]
        scores: dict[str, list[JudgeScore]] = {}
        for judge, _ in self._judges:
            out: list[JudgeScore] = []
            size = max(1, int(getattr(judge, "max_batch", CHUNK)))
            for lo in range(0, len(passed), size):
                chunk = passed[lo : lo + size]
                got = judge.score_batch(chunk)
                if len(got) != len(chunk):
                    raise ValueError(
                        f"judge {judge.name!r} returned {len(got)} scores for {len(chunk)} items"
                    )
                out.extend(got)
            scores[judge.name] = out
        weights = self.config.weights
        verdicts = []
        self.unscored = 0
        k = 0
        # A batch's judge results repeat (a few scores and reasons per judge): each distinct one
        # is built once and shared, as a frozen model may be (a thirtieth as many constructions).
        # Only a float score and a str reason are shared, the score's sign kept apart: 1 and
        # 1.0, 0.0 and -0.0 compare equal but are not written alike.
        built: dict[tuple[Virtue, float, float, str], JudgeResult] = {}
        for i, item in enumerate(judged):
            if failures[i]:
                verdicts.append(self._gated(start_index + i, item, failures[i]))
                continue
            per_virtue: dict[Virtue, list[float]] = {}
            results: dict[str, JudgeResult] = {}
            for judge, virtue in self._judges:
                s = scores[judge.name][k]
                shared = type(s.score) is float and type(s.reason) is str
                key = (virtue, s.score, math.copysign(1.0, s.score), s.reason) if shared else None
                result = built.get(key) if key is not None else None
                if result is None:
                    result = JudgeResult.model_construct(
                        virtue=virtue, score=s.score, reason=s.reason
                    )
                    if key is not None:
                        built[key] = result
                results[judge.name] = result
                if getattr(s, "scored", True):
                    per_virtue.setdefault(virtue, []).append(s.score)
                else:
                    self.unscored += 1
            k += 1
            virtues = {v: sum(xs) / len(xs) for v, xs in per_virtue.items()}
            norm = sum(weights.get(v, 0.0) for v in virtues)
            # an item no judge could score is not approved on a made-up score
            total = sum(weights.get(v, 0.0) * s for v, s in virtues.items()) / norm if norm else 0.0
            total = round(total, 4)
            # Values are built here from validated parts: skip re-validation (throughput).
            verdicts.append(
                Verdict.model_construct(
                    index=start_index + i,
                    prompt=item.prompt,
                    response=item.response,
                    judges=results,
                    virtues={v: round(s, 4) for v, s in virtues.items()},
                    total=total,
                    status=self.config.status(total),
                    failures={},
                )
            )
        return verdicts

    def _gated(self, index: int, item: JudgeItem, failures: list[OutputFailure]) -> Verdict:
        """A REJECTED verdict whose every judge scores 0 for the first (most telling) failure."""
        reason = failures[0].reason
        results = {
            judge.name: JudgeResult.model_construct(virtue=virtue, score=0.0, reason=reason)
            for judge, virtue in self._judges
        }
        return Verdict.model_construct(
            index=index,
            prompt=item.prompt,
            response=item.response,
            judges=results,
            virtues=dict.fromkeys((v for _, v in self._judges), 0.0),
            total=0.0,
            status=Status.REJECTED,
            failures={f.kind.value: f.reason for f in failures},
        )

    def judge(
        self,
        items: Sequence[ItemLike],
        *,
        metadata: dict[str, Any] | None = None,
        special_tokens: Collection[str] = (),
    ) -> TribunalReport:
        """Judge existing (prompt, response) items and summarise them; judgements no judge could
        make are counted in ``metadata["unscored_judgements"]``."""
        verdicts = self.verdicts(items, special_tokens=special_tokens)
        extra = {"unscored_judgements": self.unscored} if self.unscored else {}
        return TribunalReport.from_verdicts(verdicts, self.config, {**(metadata or {}), **extra})

    def totals(self, items: Sequence[ItemLike]) -> list[float]:
        return [v.total for v in self.verdicts(items)]

    # -- checkpoints -----------------------------------------------------------------------

    def evaluate_model(
        self,
        model_or_path: str | Path | TextGenerator,
        prompts: Sequence[str],
        *,
        batch_size: int = 8,
        max_new_tokens: int = 256,
        fmt: ChatFormat | None = None,
        seed: int | None = 0,
        metadata: dict[str, Any] | None = None,
        references: Sequence[str | None] | None = None,
    ) -> TribunalReport:
        """Generate answers to `prompts` with the chat template (greedy), then judge them
        (against `references`, e.g. the eval set's revised answers, when given)."""
        from noesis_trainer.tribunal.evaluation import evaluate_model

        return evaluate_model(
            self,
            model_or_path,
            prompts,
            batch_size=batch_size,
            max_new_tokens=max_new_tokens,
            fmt=fmt,
            seed=seed,
            metadata=metadata,
            references=references,
        )

    # -- calibration -----------------------------------------------------------------------

    def calibrate(self, triples: Iterable[Triple | tuple[str, str, str]]) -> CalibrationReport:
        """On (prompt, good, bad) triples: pairwise accuracy, approval of good, rejection of bad."""
        from noesis_trainer.tribunal.calibration import calibrate

        return calibrate(self, triples)
