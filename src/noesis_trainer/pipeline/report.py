"""A run's report: report.md and report.html with figures, built only from the run's artifacts.

Every number plotted is first collected into ``report_data.json`` from the files the stages
wrote (data/clean.jsonl, dataset/manifest.json, training/metrics.jsonl and epoch-*.json,
tribunal/epoch-*.json, plan.json, deploy.json); the figures and both documents are drawn from
that, so a test can recompute the figures from the artifacts and compare.
"""

from __future__ import annotations

import base64
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from noesis_trainer.io.atomic import write_bytes_atomic, write_json_atomic, write_text_atomic

LENGTH_BINS = 10


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _epoch_files(folder: Path) -> list[tuple[int, Path]]:
    found = []
    for f in folder.glob("epoch-*.json"):
        tail = f.stem.removeprefix("epoch-")
        if tail.isdigit():
            found.append((int(tail), f))
    return sorted(found)


def loss_curve(metrics: Path) -> list[tuple[int, float]]:
    """(step, loss) of every logged training step; a step logged again after a resume keeps its
    last value."""
    by_step: dict[int, float] = {}
    if metrics.is_file():
        for line in metrics.read_text(encoding="utf-8").splitlines():
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by a kill
            if event.get("event") == "log" and "loss" in event and "step" in event:
                by_step[int(event["step"])] = float(event["loss"])
    return sorted(by_step.items())


def length_histogram(lengths: list[int], bins: int = LENGTH_BINS) -> dict[str, list[float]]:
    """Equal-width bins over [min, max]; returns edges and counts."""
    if not lengths:
        return {"edges": [], "counts": []}
    lo, hi = min(lengths), max(lengths)
    width = (hi - lo) / bins if hi > lo else 1.0
    counts = [0] * bins
    for n in lengths:
        counts[min(bins - 1, int((n - lo) / width))] += 1
    return {
        "edges": [lo + i * width for i in range(bins + 1)],
        "counts": [float(c) for c in counts],
    }


def collect(run: Path) -> dict[str, Any]:
    """Every figure's numbers, from the run folder's artifacts."""
    from noesis_trainer.core.dataset import Dataset

    data: dict[str, Any] = {"run": run.name}
    clean = run / "data" / "clean.jsonl"
    if clean.is_file():
        ds = Dataset.load(clean)
        data["rows"] = len(ds)
        data["categories"] = dict(Counter(e.category for e in ds).most_common())
        data["difficulties"] = dict(Counter(e.difficulty.value for e in ds).most_common())
        data["techniques"] = dict(Counter(e.technique or "(seed)" for e in ds).most_common())
        data["response_lengths"] = length_histogram([len(e.response_revised) for e in ds])
        from noesis_trainer.core.boilerplate import measure

        data["boilerplate"] = measure(ds, worst=3).to_dict()
    data["manifest"] = _read_json(run / "dataset" / "manifest.json")
    data["loss"] = [list(p) for p in loss_curve(run / "training" / "metrics.jsonl")]
    epochs = []
    for n, path in _epoch_files(run / "training"):
        result = _read_json(path) or {}
        mine = [e for e in result.get("epochs", []) if e.get("epoch") == n]
        if mine:
            m = mine[-1]
            epochs.append(
                {k: m.get(k) for k in ("epoch", "train_loss", "eval_loss", "tokens_per_second")}
            )
    data["epochs"] = epochs
    tribunal = []
    for n, path in _epoch_files(run / "tribunal"):
        report = _read_json(path) or {}
        tribunal.append(
            {
                "epoch": n,
                "avg_score": report.get("avg_score"),
                "pass_rate": report.get("pass_rate"),
                "judge_means": report.get("judge_means") or {},
            }
        )
    data["tribunal"] = tribunal
    data.update(comparison(run))
    data["plan"] = _read_json(run / "plan.json")
    data["deploy"] = _read_json(run / "deploy.json")
    data["stages"] = sorted((p.stem for p in (run / "stages").glob("*.json")), key=_stage_order)
    return data


_STAGE_ORDER = (
    "model", "validate-seeds", "generate", "validate", "split", "plan", "upload",
    "tribunal-base", "train-epoch", "tribunal-epoch", "merge", "deploy", "report",
)  # fmt: skip


def _stage_order(name: str) -> tuple[int, int, int]:
    """Pipeline order: per-epoch stages by epoch, each training before its Tribunal."""
    base, _, tail = name.rpartition("-")
    if tail.isdigit() and base in ("train-epoch", "tribunal-epoch"):
        return _STAGE_ORDER.index("train-epoch"), int(tail), int(base == "tribunal-epoch")
    return (_STAGE_ORDER.index(name) if name in _STAGE_ORDER else len(_STAGE_ORDER)), 0, 0


def _figures(data: dict[str, Any], out: Path) -> dict[str, Path]:
    """PNG figures drawn from `data` (matplotlib, Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}

    def save(name: str, fig: Any) -> None:
        path = out / f"{name}.png"
        tmp = out / f".{name}.png.tmp"
        fig.savefig(tmp, format="png", dpi=90, bbox_inches="tight")
        plt.close(fig)
        write_bytes_atomic(path, tmp.read_bytes())
        tmp.unlink()
        made[name] = path

    if data.get("categories"):
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
        cats = data["categories"]
        axes[0].barh(list(cats), list(cats.values()))
        axes[0].set_title("categories")
        diffs = data["difficulties"]
        axes[1].bar(list(diffs), list(diffs.values()))
        axes[1].set_title("difficulty")
        save("mix", fig)
    hist = data.get("response_lengths") or {}
    if hist.get("counts"):
        fig, ax = plt.subplots(figsize=(6, 3))
        edges = hist["edges"]
        ax.bar(edges[:-1], hist["counts"], width=edges[1] - edges[0], align="edge")
        ax.set_title("response_revised length (characters)")
        save("lengths", fig)
    if data.get("loss"):
        fig, ax = plt.subplots(figsize=(6, 3))
        steps, losses = zip(*data["loss"], strict=True)
        ax.plot(steps, losses, marker=".")
        ax.set_xlabel("step")
        ax.set_ylabel("training loss")
        save("loss", fig)
    if data.get("tribunal"):
        fig, ax = plt.subplots(figsize=(6, 3))
        epochs = [t["epoch"] for t in data["tribunal"]]
        ax.plot(epochs, [t["avg_score"] for t in data["tribunal"]], marker="o", label="total")
        judges = sorted({j for t in data["tribunal"] for j in t["judge_means"]})
        for j in judges:
            ax.plot(
                epochs, [t["judge_means"].get(j) for t in data["tribunal"]], marker=".", label=j
            )
        ax.axhline(0.7, linestyle="--", linewidth=0.8)
        ax.set_xticks(epochs)  # whole epochs, not 0.5 steps
        ax.set_xlabel("epoch")
        ax.set_ylabel("score")
        ax.legend(fontsize=7)
        save("tribunal", fig)
    return made


def _markdown(data: dict[str, Any], figures: dict[str, Path], run: Path) -> str:
    lines = [f"# Run report: {data['run']}", ""]
    lines.append(f"Stages done: {', '.join(data['stages']) or 'none'}.")
    lines.append("")
    if "rows" in data:
        lines += [f"## Data: {data['rows']} rows after validation", ""]
        lines.append("| category | rows |")
        lines.append("|---|---:|")
        lines += [f"| {k} | {v} |" for k, v in data["categories"].items()]
        lines.append("")
        lines.append(
            "Difficulty: " + ", ".join(f"{k} {v}" for k, v in data["difficulties"].items())
        )
        lines.append("")
        bp = data.get("boilerplate")
        if bp:
            lines.append(
                f"Boilerplate: {bp['mostly_boilerplate_share']:.1%} of rows mostly made of "
                f"sentences shared by >= {bp['min_seeds']} seeds "
                f"({bp['boilerplate_sentence_share']:.1%} of sentences)"
                + "".join(f"; {s['text'][:60]!r} in {s['seeds']} seeds" for s in bp["worst"])
                + "."
            )
            lines.append("")
    for name in ("mix", "lengths"):
        if name in figures:
            lines += [f"![{name}]({figures[name].relative_to(run).as_posix()})", ""]
    if data["epochs"]:
        lines += [
            "## Training",
            "",
            "| epoch | train loss | eval loss | tokens/s |",
            "|---|---:|---:|---:|",
        ]
        for e in data["epochs"]:
            lines.append(
                f"| {e['epoch']} | {_num(e['train_loss'])} | {_num(e['eval_loss'])} | "
                f"{_num(e['tokens_per_second'], 1)} |"
            )
        lines.append("")
    if "loss" in figures:
        lines += [f"![loss]({figures['loss'].relative_to(run).as_posix()})", ""]
    if data["tribunal"]:
        judges = sorted({j for t in data["tribunal"] for j in t["judge_means"]})
        lines += [
            "## Tribunal",
            "",
            "| epoch | avg score | pass rate | " + " | ".join(judges) + " |",
            "|---|---:|---:|" + "---:|" * len(judges),
        ]
        for t in data["tribunal"]:
            lines.append(
                f"| {t['epoch']} | {_num(t['avg_score'])} | {_num(t['pass_rate'])} | "
                + " | ".join(_num(t["judge_means"].get(j)) for j in judges)
                + " |"
            )
        lines.append("")
    if "tribunal" in figures:
        lines += [f"![tribunal]({figures['tribunal'].relative_to(run).as_posix()})", ""]
    lines += _comparison_markdown(data)
    plan = data.get("plan")
    if plan:
        ours = plan["ours"]
        lines += [
            "## Cost estimate",
            "",
            f"{plan['gpu']}: {ours['hours_total']:.2f} h, ${ours['dollars_total']:.2f} with "
            f"packing; the original process's pad-to-2048 config: "
            f"{plan['seed_config']['hours_total']:.2f} h, "
            f"${plan['seed_config']['dollars_total']:.2f} (see plan.md).",
            "",
        ]
    if data.get("deploy"):
        lines += ["## Deploy checks", "", *_key_value_table(data["deploy"]), ""]
    if data.get("manifest"):
        lines += ["## Manifest", "", *_key_value_table(data["manifest"]), ""]
    return "\n".join(lines)


def _cell(value: Any, limit: int = 160) -> str:
    """Text for one Markdown table cell: one line, no pipes, at most `limit` characters."""
    text = " ".join(str(value).split()).replace("|", "/")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        out: list[tuple[str, Any]] = []
        for key, inner in value.items():
            out += _flatten(inner, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [(f"{prefix}", f"{len(value)} entries")]
    if isinstance(value, list):
        return [(prefix, ", ".join(str(v) for v in value) or "-")]
    return [(prefix, value)]


def _key_value_table(data: dict[str, Any]) -> list[str]:
    """A nested mapping as a two-column table (dotted keys), instead of a raw JSON dump."""
    rows = ["| field | value |", "|---|---|"]
    rows += [f"| {_cell(k)} | {_cell(v)} |" for k, v in _flatten(data)]
    return rows


SAMPLE_ANSWERS = 3
SAMPLE_CHARS = 400


def mean_stderr(values: list[float]) -> tuple[float, float]:
    """Mean and its standard error (sample standard deviation over sqrt(n)); 0.0 for n < 2."""
    n = len(values)
    if not n:
        return 0.0, 0.0
    mean = sum(values) / n
    if n < 2:
        return mean, 0.0
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, (var / n) ** 0.5


def _judged(report: dict[str, Any], label: str, eval_loss: Any) -> dict[str, Any]:
    verdicts = report.get("verdicts") or []
    mean, stderr = mean_stderr([float(v.get("total", 0.0)) for v in verdicts])
    return {
        "label": label,
        "eval_loss": eval_loss,
        "total": round(mean, 4),
        "stderr": round(stderr, 4),
        "n": len(verdicts),
        "pass_rate": report.get("pass_rate"),
    }


def comparison(run: Path) -> dict[str, Any]:
    """Base model beside each epoch (eval loss, Tribunal mean ± stderr, deltas from base), the
    selected epoch, the decoding used, and a few answers of base and selected epoch side by side."""
    rows: list[dict[str, Any]] = []
    reports: dict[str, dict[str, Any]] = {}
    base = _read_json(run / "tribunal" / "base.json")
    if base:
        reports["base"] = base
        rows.append(_judged(base, "base", (base.get("metadata") or {}).get("eval_loss")))
    losses: dict[int, Any] = {}
    for n, path in _epoch_files(run / "training"):
        result = _read_json(path) or {}
        mine = [e for e in result.get("epochs", []) if e.get("epoch") == n]
        losses[n] = mine[-1].get("eval_loss") if mine else None
    for n, path in _epoch_files(run / "tribunal"):
        report = _read_json(path) or {}
        reports[f"epoch-{n}"] = report
        rows.append(_judged(report, f"epoch-{n}", losses.get(n)))
    if rows and rows[0]["label"] == "base":
        b = rows[0]
        for row in rows:
            row["delta_total"] = round(row["total"] - b["total"], 4)
            both = row["eval_loss"] is not None and b["eval_loss"] is not None
            row["delta_eval_loss"] = round(row["eval_loss"] - b["eval_loss"], 4) if both else None
            row["eval_loss_change"] = (
                round(row["eval_loss"] / b["eval_loss"] - 1, 4) if both and b["eval_loss"] else None
            )
    selection = _read_json(run / "tribunal" / "selection.json")
    # the deployed epoch's answers (the last judged epoch where no selection was written)
    epochs = [label for label in reports if label != "base"]
    chosen = selection["label"] if selection else (epochs[-1] if epochs else None)
    samples: list[dict[str, Any]] = []
    shown = [label for label in ("base", chosen) if label and label in reports]
    if shown:
        first = reports[shown[0]].get("verdicts") or []
        for i, verdict in enumerate(first[:SAMPLE_ANSWERS]):
            sample: dict[str, Any] = {"prompt": verdict.get("prompt"), "answers": []}
            for label in shown:
                verdicts = reports[label].get("verdicts") or []
                if i < len(verdicts):
                    v = verdicts[i]
                    judges = v.get("judges") or {}
                    reasons = [
                        f"{name} {float(r.get('score', 0.0)):.2f}: {r.get('reason', '')}"
                        for name, r in sorted(judges.items(), key=lambda kv: kv[1].get("score", 0))
                    ]
                    sample["answers"].append(
                        {
                            "label": label,
                            "answer": str(v.get("response", ""))[:SAMPLE_CHARS],
                            "total": v.get("total"),
                            "status": v.get("status"),
                            "reasons": reasons[:3],
                        }
                    )
            samples.append(sample)
    decoding = None
    for report in reports.values():
        decoding = (report.get("metadata") or {}).get("decoding") or decoding
    return {"comparison": rows, "selection": selection, "samples": samples, "decoding": decoding}


def _comparison_markdown(data: dict[str, Any]) -> list[str]:
    rows = data.get("comparison") or []
    if not rows:
        return []
    chosen = (data.get("selection") or {}).get("label")
    lines = [
        "## Base model vs epochs",
        "",
        "| model | eval loss | Δ eval loss | Tribunal total (mean ± stderr) | Δ total | "
        "pass rate | n | deployed |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        change = r.get("eval_loss_change")
        delta_loss = (
            "-"
            if r.get("delta_eval_loss") is None
            else f"{r['delta_eval_loss']:+.4f} ({change:+.1%})"
            if change is not None
            else f"{r['delta_eval_loss']:+.4f}"
        )
        delta_total = "-" if r.get("delta_total") is None else f"{r['delta_total']:+.4f}"
        lines.append(
            f"| {r['label']} | {_num(r['eval_loss'])} | {delta_loss} | "
            f"{r['total']:.4f} ± {r['stderr']:.4f} | {delta_total} | {_num(r['pass_rate'])} | "
            f"{r['n']} | {'yes' if r['label'] == chosen else ''} |"
        )
    lines.append("")
    selection = data.get("selection")
    if selection:
        lines.append(
            f"Deployed: {selection['label']} (tribunal.select: {selection['select']}"
            + (
                "; training stopped early by tribunal.patience"
                if selection.get("stopped_early")
                else ""
            )
            + (
                "; no epoch beat the base model's Tribunal total"
                if selection.get("beats_base") is False
                else ""
            )
            + ")."
        )
        lines.append("")
    decoding = data.get("decoding")
    if decoding:
        lines.append(
            "Evaluation decoding: " + ", ".join(f"{k}={v}" for k, v in decoding.items()) + "."
        )
        lines.append("")
    if data.get("samples"):
        lines += [
            "## Sample answers",
            "",
            "| prompt | model | answer | verdict | judges' reasons |",
            "|---|---|---|---|---|",
        ]
        for sample in data["samples"]:
            for a in sample["answers"]:
                lines.append(
                    f"| {_cell(sample['prompt'])} | {a['label']} | {_cell(a['answer'], 300)} | "
                    f"{a['status']} {_num(a['total'], 2)} | {_cell('; '.join(a['reasons']))} |"
                )
        lines.append("")
    return lines


def _num(value: Any, digits: int = 4) -> str:
    return "-" if value is None else f"{float(value):.{digits}f}"


_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;
 max-width:64em;margin:2em auto;padding:0 1.5em;background:#fff}
h1{font-size:1.6em;border-bottom:2px solid #d0d7de;padding-bottom:.3em}
h2{font-size:1.2em;margin-top:2em;color:#0b4f8a}
table{border-collapse:collapse;margin:.8em 0;width:100%;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:.35em .7em;text-align:left;vertical-align:top;
 overflow-wrap:anywhere}
th{background:#f3f6f9;font-weight:600}
tr:nth-child(even) td{background:#fafbfc}
td.num{text-align:right;font-variant-numeric:tabular-nums}
img{max-width:100%;margin:.6em 0;border:1px solid #eaeef2}
pre{background:#f6f8fa;padding:.8em;overflow:auto}
"""


def _table_html(rows: list[str]) -> str:
    """Markdown table lines (header, separator, rows) as one <table>."""
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    header, body = cells[0], [r for r in cells[1:] if not set("".join(r)) <= set("-: ")]
    out = ["<table><thead><tr>", *(f"<th>{html.escape(c)}</th>" for c in header), "</tr></thead>"]
    out.append("<tbody>")
    for row in body:
        tds = []
        for c in row:
            numeric = c.replace(".", "", 1).replace("-", "", 1).replace("%", "").isdigit()
            klass = ' class="num"' if numeric else ""
            tds.append(f"<td{klass}>{html.escape(c)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _html(markdown: str, figures: dict[str, Path], run: Path) -> str:
    """A self-contained page: the markdown's text escaped, each table one styled <table>,
    figures embedded as data URIs."""
    body: list[str] = []
    table: list[str] = []
    in_code = False
    for line in [*markdown.splitlines(), ""]:
        if table and not line.startswith("|"):
            body.append(_table_html(table))
            table = []
        if line.startswith("```"):
            body.append("</pre>" if in_code else "<pre>")
            in_code = not in_code
            continue
        if in_code:
            body.append(html.escape(line))
        elif line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("!["):
            name = line[2 : line.index("]")]
            data = base64.b64encode(figures[name].read_bytes()).decode()
            body.append(f'<img alt="{name}" src="data:image/png;base64,{data}">')
        elif line.startswith("|"):
            table.append(line)
        elif line:
            body.append(f"<p>{html.escape(line)}</p>")
    title = html.escape(run.name)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def write_report(run: str | Path) -> list[Path]:
    """Collect, draw and write report_data.json, figures/*.png, report.md and report.html."""
    root = Path(run)
    data = collect(root)
    write_json_atomic(root / "report_data.json", data)
    figures = _figures(data, root / "figures")
    markdown = _markdown(data, figures, root)
    write_text_atomic(root / "report.md", markdown)
    write_text_atomic(root / "report.html", _html(markdown, figures, root))
    return [root / "report.md", root / "report.html", root / "report_data.json", *figures.values()]
