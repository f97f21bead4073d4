"""The learned detector: calibrated language-model signals for the assessor.

Per conversation: the cascade's cheap stage scores every message; messages it passes are
embedded by MiniLM; then, per message, calibrated probabilities for the data-trained
categories (grooming over a window of recent messages, threats/abuse and self-harm risk per
message), exemplar contrast for the categories without public data (with a Sentinel-style
per-sender aggregate), grooming stages, and the per-sender dyad model, whose first alert is
the early warning. Each becomes a :class:`Signal` with a plain-English reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from safeguard.core.conversation import Role
from safeguard.core.detector import ConversationView, Detector
from safeguard.core.lexicon import STAGE_LABELS
from safeguard.core.signals import Signal, Voice
from safeguard.learn.cascade import GateInputs, GateMemo, gate, logistic, window_sums
from safeguard.learn.dyad import DyadStep, run_dyad
from safeguard.learn.exemplar_scoring import sender_contrast
from safeguard.learn.heads import sigmoid
from safeguard.learn.models import LearnedModels, default_models
from safeguard.learn.pieces import embed_piece_lists, message_pieces, pack
from safeguard.learn.scoring import needs_vectors, probabilities, tfidf_logits
from safeguard.learn.text_prep import model_text
from safeguard.learn.thresholds import Thresholds, default_thresholds

WINDOW_CATEGORY = "grooming"
MESSAGE_CATEGORIES = ("threats_abuse", "self_harm_risk")
EXEMPLAR_ONLY = (
    "sexual_conversation",
    "image_solicitation",
    "sextortion",
    "webcam_abuse",
    "self_harm_encouragement",
    "impersonation",
    "hate_group",
    "exploitation_commercial",
)
VOICES = {
    "self_harm_risk": Voice.DISCLOSURE,
    "impersonation": Voice.ANY,
    "hate_group": Voice.ANY,
}
READS_LIKE = {
    "grooming": "the recent messages read like an adult grooming a child",
    "sexual_conversation": "reads like sexual talk aimed at a child",
    "image_solicitation": "reads like pressure to send pictures",
    "sextortion": "reads like a threat to share images unless demands are met",
    "webcam_abuse": "reads like directing someone on camera",
    "threats_abuse": "reads like a threat or bullying",
    "hate_group": "reads like a group or page set up against a child",
    "self_harm_encouragement": "reads like encouraging self-harm or suicide",
    "self_harm_risk": "reads like someone saying they may hurt themself",
    "impersonation": "reads like a fake or hijacked account used against someone",
    "exploitation_commercial": "reads like offering money or gifts for favours",
}
QUOTE_CHARS = 200
_EMPTY: NDArray[np.float32] = np.zeros(0, dtype=np.float32)


@dataclass(frozen=True, slots=True, eq=False)
class _Plan:
    """Stage one's verdict on a conversation: what the later stages read."""

    view: ConversationView
    texts: list[str]  # as the learned models read them
    chosen: list[int]  # messages MiniLM embeds
    msg_logits: NDArray[np.float32]  # n-gram logits of the chosen messages
    windows: list[int]  # chosen messages whose grooming window is scored
    win_logits: NDArray[np.float32]  # n-gram window logit of each of those


@dataclass(frozen=True, slots=True, eq=False)
class _Scores:
    """Stage two's scores of one conversation's chosen messages."""

    window_p: dict[int, float]
    msg_p: dict[str, NDArray[np.float64]]
    contrasts: dict[str, NDArray[np.float32]]
    stage_strengths: list[dict[str, float]]


class LearnedDetector(Detector):
    """Language-model signals (MiniLM, n-grams, exemplars, dyad model), calibrated."""

    name = "learned"
    version = "1"
    categories = (WINDOW_CATEGORY, *MESSAGE_CATEGORIES, *EXEMPLAR_ONLY)

    def __init__(
        self,
        models: LearnedModels | None = None,
        thresholds: Thresholds | None = None,
        *,
        use_rules_in_cascade: bool = True,
        fast_gate: bool = True,
    ) -> None:
        self._models = models
        self.thresholds = thresholds or default_thresholds()
        self._rules: Detector | None = None
        self._use_rules = use_rules_in_cascade
        self.last_gated = 0  # messages the last detect() sent to MiniLM (for benchmarks)
        # fast_gate=False: stage one as first written (every model on every message), the
        # reference the fast path (memo per text, windows only where needed) is tested against.
        self.fast_gate = fast_gate
        self._memo: GateMemo | None = None
        self._memo_thresholds: Thresholds | None = None

    @property
    def models(self) -> LearnedModels:
        if self._models is None:
            self._models = default_models()
        return self._models

    def _rule_messages(self, view: ConversationView) -> frozenset[int]:
        if not self._use_rules:
            return frozenset()
        if self._rules is None:
            from safeguard.core.detectors.signal_library_detector import SignalLibraryDetector

            self._rules = SignalLibraryDetector()
        # Only rules of categories this detector scores: a routine-question rule of
        # personal_info (3% of ordinary chat) gives MiniLM nothing to add.
        wanted = set(self.categories)
        return frozenset(s.message_index for s in self._rules.detect(view) if s.category in wanted)

    # -- the pipeline ------------------------------------------------------------------
    def detect(self, view: ConversationView) -> Sequence[Signal]:
        return self.detect_many([view])[0]

    def detect_many(self, views: Sequence[ConversationView]) -> list[Sequence[Signal]]:
        """:meth:`detect` of each conversation, with one MiniLM pass over them all.

        Stage one runs per conversation; the messages every conversation passed are then
        embedded together (MiniLM costs much less per message in one batch than in many
        small ones) and scored together; signals are worked out per conversation.
        """
        plans = [self.stage_one(v) for v in views]
        self.last_gated = sum(len(p.chosen) for p in plans)
        out: list[Sequence[Signal]] = [() for _ in views]
        busy = [k for k, p in enumerate(plans) if p.chosen]
        if not busy:
            return out
        scores = self._stage_two([plans[k] for k in busy])
        for k, score in zip(busy, scores, strict=True):
            out[k] = self._signals(plans[k], score)
        return out

    def forget_texts(self) -> None:
        """Empty stage one's memory of texts (benchmarks: the price of texts never seen)."""
        self._memo = None

    def _gate_memo(self) -> GateMemo:
        if self._memo is None or self._memo_thresholds is not self.thresholds:
            self._memo = GateMemo(len(self.models.ngram.categories), self._score_new_texts)
            self._memo_thresholds = self.thresholds
        return self._memo

    def _score_new_texts(
        self, texts: list[str]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.bool_]]:
        """Stage one of texts not seen before: n-gram sums, word counts, message gate."""
        m, t = self.models, self.thresholds
        sums, counts = m.ngram.raw(texts)
        logits = m.ngram.finish(sums, counts)
        columns = [m.ngram.categories.index(c) for c in MESSAGE_CATEGORIES]
        contrast = m.static_bank.max_contrast_fast(m.static.encode(texts))
        passed = contrast >= t.cascade_static_contrast
        if columns:
            passed |= (logistic(logits[:, columns]) >= t.cascade_ngram_probability).any(axis=1)
        return sums, counts, passed

    def stage_one(self, view: ConversationView) -> _Plan:
        """The cheap stage: which messages (and grooming windows) the later stages read."""
        m, t = self.models, self.thresholds
        texts = [model_text(n.text, n.original) for n in view.normalised]
        if not texts:
            return _Plan(view, texts, [], np.zeros((0, 0), np.float32), [], _EMPTY)
        if not self.fast_gate:
            return self._stage_one_reference(view, texts)
        memo = self._gate_memo()
        rows = memo.rows(texts)
        rules = self._rule_messages(view)
        if t.cascade_enabled:
            chosen = sorted(
                {*np.flatnonzero(memo.passed[rows]).tolist(), *rules} & set(range(len(texts)))
            )
        else:
            chosen = list(range(len(texts)))
        if not chosen:
            return _Plan(view, texts, [], np.zeros((0, 0), np.float32), [], _EMPTY)
        sums, counts = memo.sums[rows], memo.counts[rows]
        msg_logits = m.ngram.finish(sums[chosen], counts[chosen])
        # Window sums come from prefix sums over the whole conversation (as the reference
        # computes them); only the windows ending at a chosen message are finished.
        w_sums, w_counts = window_sums(sums, counts, t.window_messages)
        column = m.ngram.categories.index(WINDOW_CATEGORY)
        win_logits = m.ngram.finish(w_sums[chosen], w_counts[chosen])[:, column]
        return self._plan(view, texts, chosen, msg_logits, win_logits)

    def _stage_one_reference(self, view: ConversationView, texts: list[str]) -> _Plan:
        """Stage one as first written: every model on every message and every window."""
        m, t = self.models, self.thresholds
        cols = {c: i for i, c in enumerate(m.ngram.categories)}
        sums, counts = m.ngram.raw(texts)
        msg_logits = m.ngram.finish(sums, counts)
        w_sums, w_counts = window_sums(sums, counts, t.window_messages)
        win_logits = m.ngram.finish(w_sums, w_counts)[:, cols[WINDOW_CATEGORY]]
        static_vecs = m.static.encode(texts)
        static_contrast = m.static_bank.max_contrast(static_vecs)
        chosen = gate(
            GateInputs(
                logistic(msg_logits[:, [cols[c] for c in MESSAGE_CATEGORIES]]),
                logistic(win_logits),
                static_contrast,
                self._rule_messages(view),
            ),
            t,
        )
        return self._plan(view, texts, chosen, msg_logits[chosen], win_logits[chosen])

    def _plan(
        self,
        view: ConversationView,
        texts: list[str],
        chosen: list[int],
        msg_logits: NDArray[np.float32],
        win_logits: NDArray[np.float32],
    ) -> _Plan:
        """The chosen messages and the windows (ending at one of them) the window model reads."""
        t = self.thresholds
        win_gate = t.cascade_ngram_probability if t.cascade_enabled else 0.0
        keep = [k for k in range(len(chosen)) if logistic(win_logits[k : k + 1])[0] >= win_gate]
        return _Plan(view, texts, chosen, msg_logits, [chosen[k] for k in keep], win_logits[keep])

    def _stage_two(self, plans: Sequence[_Plan]) -> list[_Scores]:
        """MiniLM and the calibrated combiners over the chosen messages of every plan."""
        m, t = self.models, self.thresholds
        cols = {c: i for i, c in enumerate(m.ngram.categories)}
        chosen_texts: list[str] = []
        piece_lists: list[list[str]] = []
        window_texts: list[str] = []
        window_packs: list[list[str]] = []
        for plan in plans:
            messages = plan.view.conversation.messages
            chosen_texts += [plan.texts[i] for i in plan.chosen]
            piece_lists += [message_pieces(messages[i].text, plan.texts[i]) for i in plan.chosen]
            spans = [(max(0, i - t.window_messages + 1), i + 1) for i in plan.windows]
            window_texts += [" ".join(plan.texts[a:b]) for a, b in spans]
            window_packs += [pack(plan.texts[a:b]) for a, b in spans]
        n_chosen = len(chosen_texts)
        # Windows of recent messages are read by the n-gram and TF-IDF models only (their
        # own combiner), so MiniLM embeds nothing but the chosen messages themselves.
        embed_windows = needs_vectors(m.combiners[WINDOW_CATEGORY].for_kind("window"))
        if embed_windows:  # model files of version 1
            piece_lists += window_packs
        embedded = embed_piece_lists(m.embedder, piece_lists)  # one MiniLM pass
        msg_pieces = embedded.select(range(n_chosen))
        win_pieces = embedded.select(range(n_chosen, len(piece_lists))) if embed_windows else None
        vecs = msg_pieces.mean()
        msg_logits = np.vstack([p.msg_logits for p in plans])
        win_logits = np.concatenate([p.win_logits for p in plans])
        window_p = probabilities(
            m, WINDOW_CATEGORY, window_texts, win_pieces, win_logits, kind="window"
        )
        tfidf = tfidf_logits(m, MESSAGE_CATEGORIES, chosen_texts)
        msg_p = {
            c: probabilities(
                m, c, chosen_texts, msg_pieces, msg_logits[:, cols[c]], tfidf=tfidf.get(c)
            )
            for c in MESSAGE_CATEGORIES
        }
        contrasts = {c: m.exemplars.contrast(vecs, c) for c in EXEMPLAR_ONLY}
        stage_strengths = self._stage_strengths(m.stages.contrasts(vecs))
        out: list[_Scores] = []
        at = win_at = 0
        for plan in plans:
            here = slice(at, at + len(plan.chosen))
            win_here = window_p[win_at : win_at + len(plan.windows)].tolist()
            out.append(
                _Scores(
                    dict(zip(plan.windows, win_here, strict=True)),
                    {c: p[here] for c, p in msg_p.items()},
                    {c: v[here] for c, v in contrasts.items()},
                    stage_strengths[here],
                )
            )
            at += len(plan.chosen)
            win_at += len(plan.windows)
        return out

    def _signals(self, plan: _Plan, score: _Scores) -> list[Signal]:
        view, chosen = plan.view, plan.chosen
        signals: list[Signal] = []
        signals += self._window_signals(view, plan.windows, score.window_p)
        signals += self._message_signals(view, chosen, score.msg_p)
        signals += self._exemplar_signals(view, chosen, score.contrasts)
        dyad = self._dyad_signals(view, chosen, score.window_p, score.stage_strengths)
        # Stages go to the assessor (timeline) only for senders the dyad model raised:
        # alone, a flattering or curious message is too common to count.
        alerted = {s.sender for s in dyad}
        staged = [i for i in chosen if view.conversation.messages[i].sender in alerted]
        strengths_of = dict(zip(chosen, score.stage_strengths, strict=True))
        signals += self._stage_signals(view, staged, [strengths_of[i] for i in staged])
        return signals + dyad

    # -- parts -------------------------------------------------------------------------
    def _signal(
        self, view: ConversationView, index: int, category: str, p: float, reason: str, rule: str
    ) -> Signal:
        message = view.conversation.messages[index]
        return Signal(
            category=category,
            message_index=index,
            message_id=message.id,
            sender=message.sender,
            weight=float(min(1.0, max(0.0, p))),
            reason=reason,
            detector=self.name,
            detector_version=f"{self.version}/models-{self.models.version}",
            rule=rule,
            quote=message.text[:QUOTE_CHARS],
            voice=VOICES.get(category, Voice.REQUEST),
        )

    def _window_signals(
        self, view: ConversationView, chosen: list[int], window_p: dict[int, float]
    ) -> list[Signal]:
        floor = self.thresholds.signal_for(WINDOW_CATEGORY)
        out = []
        for i in chosen:
            p = window_p[i]
            if p >= floor:
                reason = f"language model: {READS_LIKE[WINDOW_CATEGORY]} (p={p:.2f})"
                out.append(self._signal(view, i, WINDOW_CATEGORY, p, reason, "window"))
        return out

    def _message_signals(
        self, view: ConversationView, chosen: list[int], msg_p: dict[str, NDArray[np.float64]]
    ) -> list[Signal]:
        out = []
        for category in MESSAGE_CATEGORIES:
            floor = self.thresholds.signal_for(category)
            for k, i in enumerate(chosen):
                p = float(msg_p[category][k])
                if p >= floor:
                    reason = f"language model: {READS_LIKE[category]} (p={p:.2f})"
                    out.append(self._signal(view, i, category, p, reason, "message"))
        return out

    def exemplar_probability(self, contrast: float) -> float:
        t = self.thresholds
        return sigmoid(t.exemplar_slope * (contrast - t.exemplar_midpoint))

    def _exemplar_signals(
        self, view: ConversationView, chosen: list[int], contrasts: dict[str, NDArray[np.float32]]
    ) -> list[Signal]:
        messages = view.conversation.messages
        out: list[Signal] = []
        for category, values in contrasts.items():
            floor = self.thresholds.signal_for(category)
            flagged: set[int] = set()
            by_sender: dict[str, list[tuple[float, int]]] = defaultdict(list)
            for k, i in enumerate(chosen):
                c = float(values[k])
                by_sender[messages[i].sender].append((c, i))
                p = self.exemplar_probability(c)
                if p >= floor:
                    flagged.add(i)
                    reason = f"exemplar model: {READS_LIKE[category]} (p={p:.2f})"
                    out.append(self._signal(view, i, category, p, reason, "exemplar"))
            for items in by_sender.values():
                p = self.exemplar_probability(sender_contrast([c for c, _ in items]))
                best = max(items)[1]
                if p >= floor and best not in flagged:
                    reason = (
                        f"exemplar model: this sender's messages keep leaning towards "
                        f"{category.replace('_', ' ')} (p={p:.2f})"
                    )
                    out.append(self._signal(view, best, category, p, reason, "sender_pattern"))
        return out

    def _stage_strengths(self, contrasts: NDArray[np.float32]) -> list[dict[str, float]]:
        floor = self.thresholds.stage_min_contrast
        names = self.models.stages.stages
        rows: list[dict[str, float]] = []
        for row in contrasts:
            strengths = {}
            for j, c in enumerate(row):
                if c >= floor:
                    strengths[names[j]] = float(min(1.0, 0.5 + (c - floor) / 0.2))
            rows.append(strengths)
        return rows

    def _stage_signals(
        self, view: ConversationView, chosen: list[int], strengths: list[dict[str, float]]
    ) -> list[Signal]:
        out = []
        for k, i in enumerate(chosen):
            for stage, s in strengths[k].items():
                label = STAGE_LABELS.get(stage, stage)
                reason = f"language model: reads like the grooming stage '{label}'"
                sig = self._signal(view, i, "grooming", 0.3 * s, reason, f"stage:{stage}")
                out.append(_with_stage(sig, stage))
                if stage == "desensitisation":
                    p = 0.5 * s + 0.2
                    reason = f"language model: {READS_LIKE['sexual_conversation']} (p={p:.2f})"
                    out.append(self._signal(view, i, "sexual_conversation", p, reason, "stage"))
        return out

    def _dyad_signals(
        self,
        view: ConversationView,
        chosen: list[int],
        window_p: dict[int, float],
        strengths: list[dict[str, float]],
    ) -> list[Signal]:
        conversation = view.conversation
        messages = conversation.messages
        steps: dict[str, list[DyadStep]] = defaultdict(list)
        for k, i in enumerate(chosen):
            sender = messages[i].sender
            if conversation.role_of(sender) is Role.CHILD:
                continue  # speaker-aware: a child's words are not grooming evidence
            steps[sender].append(DyadStep(i, window_p.get(i, 0.0), strengths[k]))
        out = []
        for sender_steps in steps.values():
            result = run_dyad(
                sender_steps, self.thresholds.dyad_alert, self.thresholds.dyad_window_factor
            )
            if result.first_alert is None:
                continue
            labels = [STAGE_LABELS.get(s, s) for s, _ in result.stages]
            shown = ", ".join(labels) if labels else "no single stage, but the pattern overall"
            reason = (
                f"conversation model: one person's messages show grooming stages in turn "
                f"({shown}); score {result.final_score:.2f}"
            )
            out.append(
                self._signal(
                    view, result.first_alert, "grooming", result.final_score, reason, "dyad"
                )
            )
        return out


def _with_stage(signal: Signal, stage: str) -> Signal:
    from dataclasses import replace

    return replace(signal, stage=stage)
