"""The six techniques of the seed process (depth, simplify, practical, history, compare,
critique), registered through the same ``register_techniques`` hook as third-party plugins.

Without a text generator each technique *rebuilds* the example from the pieces of its source: it
keeps at most about half of the source answer, reorganizes it for its purpose (layers, steps,
stages, a side-by-side comparison, limits) and writes a new question, shallow answer, critique and
reasoning, all in the example's language. With a `TextGenerator`, the template draft becomes the
brief for the model, which rewrites the question and then the answer (two batched calls per batch
of examples).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from noesis_trainer.core.schema import (
    MIN_PROMPT_CHARS,
    MIN_RESPONSE_REVISED_CHARS,
    Difficulty,
    Example,
    Value,
)
from noesis_trainer.generation.base import ChatMessage, TextGenerator
from noesis_trainer.plugins import hookimpl
from noesis_trainer.variations.base import Declined, VariationRequest
from noesis_trainer.variations.grounded import (
    Builder,
    build_compare,
    build_critique,
    build_depth,
    build_history,
    build_practical,
    build_simplify,
    material,
)
from noesis_trainer.variations.rewrite_gate import gate_rewrites
from noesis_trainer.variations.templates import NEUTRAL_TOPIC, TEMPLATES, Slots
from noesis_trainer.variations.text import (
    Language,
    detect_language,
    split_units,
    topic_of,
)


@dataclass(frozen=True)
class Context:
    """What a builder knows about the parent example."""

    example: Example
    lang: Language
    slots: Slots
    units: list[str]
    q: str
    topic: str

    def fill(self, template: str) -> str:
        text = template.format(q=self.q, qs=self.q.rstrip("?!. "), topic=self.topic)
        return text[:1].upper() + text[1:]

    def pick(self, rng: random.Random, slot: str) -> str:
        return self.fill(rng.choice(self.slots[slot]))


def _context(example: Example, technique: str) -> Context:
    lang = language_of(example)
    q = " ".join(example.prompt.split())
    return Context(
        example=example,
        lang=lang,
        slots=TEMPLATES[lang][technique],
        units=split_units(example.response_revised) or [example.response_revised.strip()],
        q=q,
        topic=topic_of(q) or NEUTRAL_TOPIC[lang],
    )


def language_of(example: Example) -> Language:
    """The example's ``language`` extra field when it says pt/en, else a guess from its text."""
    declared = example.extra_fields.get("language")
    if isinstance(declared, str) and declared.lower()[:2] in ("pt", "en"):
        return "pt" if declared.lower().startswith("pt") else "en"
    return detect_language(f"{example.prompt}\n{example.response_revised}")


def _question(ctx: Context, rng: random.Random) -> str:
    """A new user turn: a situation plus a technique's request, about the topic when one was
    recognized in the seed's question (else quoting the question)."""
    scene = ctx.pick(rng, "scene")
    topical = ctx.topic != NEUTRAL_TOPIC[ctx.lang] and rng.random() < 0.5
    ask = ctx.pick(rng, "ask_topic" if topical else "ask")
    return f"{scene} {ask}" if rng.random() < 0.7 else f"{ask} {scene}"


_EASIER = {Difficulty.HARD: Difficulty.MEDIUM, Difficulty.MEDIUM: Difficulty.EASY}

REWRITE_INSTRUCTIONS: dict[str, dict[str, str]] = {
    "pt": {
        "depth": "aprofunde: mecanismos, detalhes técnicos e implicações",
        "simplify": "simplifique: linguagem simples, sem jargão, a ideia central primeiro",
        "practical": "torne prático: passos concretos e um critério para saber se funcionou",
        "history": "conte a evolução histórica: origem, desenvolvimento e situação atual",
        "compare": "compare e contraste a visão comum com a visão cuidadosa",
        "critique": "examine limitações e críticas, dizendo também o que continua válido",
    },
    "en": {
        "depth": "go deeper: mechanisms, technical details and implications",
        "simplify": "simplify: plain words, no jargon, the core idea first",
        "practical": "make it practical: concrete steps and a way to check it worked",
        "history": "tell the historical evolution: origin, development, present",
        "compare": "compare and contrast the common view with the careful one",
        "critique": "examine limitations and criticisms, saying what still holds",
    },
}

_REWRITE_PROMPT = {
    "pt": (
        "Reescreva a pergunta abaixo como um usuário a faria, com este objetivo: {goal}. "
        "Responda só com a nova pergunta.\n\nPergunta original: {q}\nRascunho: {draft}"
    ),
    "en": (
        "Rewrite the question below as a user would ask it, with this goal: {goal}. "
        "Reply with the new question only.\n\nOriginal question: {q}\nDraft: {draft}"
    ),
}
_SYSTEM = {
    "pt": "Você reescreve material didático. Escreva sempre em português, com palavras próprias.",
    "en": "You rewrite teaching material. Always write in English, in your own words.",
}
_REWRITE_ANSWER = {
    "pt": (
        "Escreva a resposta à pergunta abaixo ({goal}), fiel aos fatos da resposta de "
        "referência e com palavras próprias. Responda só com a nova resposta.\n\n"
        "Pergunta: {prompt}\n\nResposta de referência: {answer}\n\nRascunho: {draft}"
    ),
    "en": (
        "Write the answer to the question below ({goal}), faithful to the facts of the reference "
        "answer and in your own words. Reply with the new answer only.\n\n"
        "Question: {prompt}\n\nReference answer: {answer}\n\nDraft: {draft}"
    ),
}


class TemplateTechnique:
    """One built-in technique: a template builder plus an optional model rewrite."""

    def __init__(
        self,
        name: str,
        builder: Builder,
        *,
        adds_value: Value,
        difficulty: Callable[[Difficulty], Difficulty] = lambda d: d,
        max_new_tokens: int = 384,
    ) -> None:
        self.name = name
        self._builder = builder
        self._adds_value = adds_value
        self._difficulty = difficulty
        self.max_new_tokens = max_new_tokens

    def __repr__(self) -> str:
        return f"<technique {self.name}>"

    def draft(self, example: Example, rng: random.Random) -> Example:
        """The template-only variation (always possible; deterministic in `rng`)."""
        ctx = _context(example, self.name)
        prompt = _question(ctx, rng)
        found = material(example, self.name, ctx.lang)
        answer = self._builder(found, rng, ctx.lang)
        # The shallow "before" names its subject too, so no one sentence serves every seed.
        shallow = ctx.pick(rng, "initial")
        about = "Sobre" if ctx.lang == "pt" else "About"
        shallow = f"{about} {found.subject}: {shallow[:1].lower()}{shallow[1:]}"
        critique = "\n".join(
            f"[{tag.upper()}] {ctx.pick(rng, tag)}" for tag in ("veritas", "sophia", "dike")
        )
        extra = {"language": ctx.lang} if "language" in example.extra_fields else {}
        values = list(example.values_applied)
        if self._adds_value not in values:
            values.append(self._adds_value)
        return Example(
            id=f"{example.id}-{self.name}",
            category=example.category,
            prompt=prompt,
            response_initial=shallow,
            critique=critique,
            response_revised=answer,
            reasoning=ctx.pick(rng, "reasoning"),
            values_applied=values,
            difficulty=self._difficulty(example.difficulty),
            **extra,
        )

    def vary(
        self, example: Example, rng: random.Random, generator: TextGenerator | None = None
    ) -> Example | Declined | None:
        return self.vary_batch([(example, rng)], generator)[0]

    def vary_batch(
        self, requests: Sequence[VariationRequest], generator: TextGenerator | None = None
    ) -> list[Example | Declined | None]:
        drafts = [self.draft(example, rng) for example, rng in requests]
        if generator is None:
            return list(drafts)
        return self._rewrite(requests, drafts, generator)

    def _rewrite(
        self,
        requests: Sequence[VariationRequest],
        drafts: list[Example],
        generator: TextGenerator,
    ) -> list[Example | Declined | None]:
        """Two batched calls: new questions for all drafts, then answers to those questions."""
        langs = [language_of(ex) for ex, _ in requests]
        seed = requests[0][1].randrange(2**31) if requests else None
        asks: list[list[ChatMessage]] = []
        for (example, _), draft, lang in zip(requests, drafts, langs, strict=True):
            text = _REWRITE_PROMPT[lang].format(
                goal=REWRITE_INSTRUCTIONS[lang][self.name], q=example.prompt, draft=draft.prompt
            )
            asks.append(
                [{"role": "system", "content": _SYSTEM[lang]}, {"role": "user", "content": text}]
            )
        prompts = generator.generate(asks, max_new_tokens=96, seed=seed)
        q_finished = _finished(generator, len(prompts))
        answers_in: list[list[ChatMessage]] = []
        for (example, _), draft, lang, prompt in zip(requests, drafts, langs, prompts, strict=True):
            text = _REWRITE_ANSWER[lang].format(
                goal=REWRITE_INSTRUCTIONS[lang][self.name],
                prompt=prompt.strip() or draft.prompt,
                answer=example.response_revised,
                draft=draft.response_revised,
            )
            answers_in.append(
                [{"role": "system", "content": _SYSTEM[lang]}, {"role": "user", "content": text}]
            )
        answers = generator.generate(answers_in, max_new_tokens=self.max_new_tokens, seed=seed)
        prompts = [p.strip() for p in prompts]
        answers = [a.strip() for a in answers]
        a_finished = _finished(generator, len(answers))
        verdicts = gate_rewrites(
            [example for example, _ in requests],
            langs,
            [
                _REWRITE_PROMPT[lang]
                .split("\n\n")[0]
                .format(goal=REWRITE_INSTRUCTIONS[lang][self.name])
                for lang in langs
            ],
            prompts,
            answers,
            questions_finished=q_finished,
            answers_finished=a_finished,
        )
        out: list[Example | Declined | None] = []
        for draft, prompt, answer, verdict in zip(drafts, prompts, answers, verdicts, strict=True):
            if verdict is not None:
                out.append(verdict)
            elif len(prompt) < MIN_PROMPT_CHARS or len(answer) < MIN_RESPONSE_REVISED_CHARS:
                out.append(Declined("model_too_short", f"{len(prompt)}/{len(answer)} chars"))
            else:
                out.append(draft.model_copy(update={"prompt": prompt, "response_revised": answer}))
        return out


def _finished(generator: TextGenerator, n: int) -> list[bool | None] | None:
    """Whether each of the last `n` replies ended on its own, where the backend says so."""
    found = getattr(generator, "finished", None)
    return list(found) if isinstance(found, list) and len(found) == n else None


def builtin_techniques() -> list[TemplateTechnique]:
    """Fresh instances of the six built-in techniques, in the seed's order."""
    return [
        TemplateTechnique(
            "depth", build_depth, adds_value=Value.VERDADE, difficulty=lambda d: Difficulty.HARD
        ),
        TemplateTechnique(
            "simplify",
            build_simplify,
            adds_value=Value.FLORESCIMENTO,
            difficulty=lambda d: _EASIER.get(d, d),
        ),
        TemplateTechnique("practical", build_practical, adds_value=Value.FLORESCIMENTO),
        TemplateTechnique("history", build_history, adds_value=Value.SABEDORIA),
        TemplateTechnique("compare", build_compare, adds_value=Value.JUSTICA),
        TemplateTechnique("critique", build_critique, adds_value=Value.HUMILDADE),
    ]


@hookimpl
def register_techniques(register: Callable[[object], None]) -> None:
    """Register the six built-in techniques."""
    for technique in builtin_techniques():
        register(technique)
