"""A Flow to Gherkin and a feature file back to a Flow.

Reading uses behave's own parser (``behave.parser.parse_feature``): what the builder opens is
exactly what a run would see. behave drops blank lines and comments, so they are found by a small
line scan (blank, or ``#`` outside a doc string) and kept in each element's ``gaps``; the canonical
layout of this repo (two spaces per level, tables padded to the widest cell) does the rest. A file
that layout cannot reproduce is reported by :func:`round_trips`, never silently rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from behave.parser import ParserError, parse_feature

from support.errors import FeatureFileError
from support.flows.model import KEYWORD_OF, DocString, Element, Examples, Flow, KeptRow, Scenario, Step, Table

DELIMITERS = ('"""', "```")


@dataclass
class _Line:
    owner: Element
    offset: int
    text: str
    row: tuple[Table, int] | None = None   # a table row: its table and index (0: the headings)


# -- writing --------------------------------------------------------------------------------------
def step_keywords(steps: list[Step]) -> list[str]:
    """Each step's keyword: the one written when it still fits its place, else Given/When/Then at
    the start of a phase and And inside one (a step dragged to another lane gets the right word)."""
    keywords, previous = [], None
    for step in steps:
        own = KEYWORD_OF[step.step_type]
        fits = (step.keyword == own or (step.keyword in ("And", "But") and step.step_type == previous)
                or (step.keyword == "*" and step.step_type == (previous or "given")))
        keywords.append(step.keyword if fits else (own if step.step_type != previous else "And"))
        previous = step.step_type
    return keywords


def _escape(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def _table(owner: Element, offset: int, table: Table, indent: str) -> list[_Line]:
    rows = [table.headings, *table.rows]
    cells = [[_escape(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.headings))]
    lines = []
    for n, (row, escaped) in enumerate(zip(rows, cells, strict=True)):
        kept = table.kept.get(n)
        text = kept.text if kept and kept.cells == row else "| " + " | ".join(c.ljust(w) for c, w in zip(escaped, widths, strict=True)) + " |"
        lines.append(_Line(owner, offset + n, indent + text, (table, n)))
    return lines


def _doc_string(owner: Element, offset: int, doc: DocString, indent: str) -> list[_Line]:
    body = [indent + line if line else "" for line in doc.content.split("\n")] if doc.content else []
    texts = [indent + doc.delimiter + doc.content_type, *body, indent + doc.delimiter]
    return [_Line(owner, offset + n, text) for n, text in enumerate(texts)]


def _step_lines(step: Step, keyword: str) -> list[_Line]:
    lines = [_Line(step, 0, f"    {keyword} {step.text}")]
    if step.doc_string is not None:
        lines += _doc_string(step, 1, step.doc_string, "      ")
    if step.table is not None:
        lines += _table(step, len(lines), step.table, "      ")
    return lines


def _header(owner: Element, keyword: str, name: str, tags: list[str], description: list[str], indent: str) -> list[_Line]:
    lines = [_Line(owner, 0, indent + " ".join(f"@{t}" for t in tags))] if tags else []
    lines.append(_Line(owner, len(lines), f"{indent}{keyword}:" + (f" {name}" if name else "")))
    return lines + [_Line(owner, len(lines) + n, f"{indent}  {d}" if d else "") for n, d in enumerate(description)]


def _scenario_lines(scenario: Scenario) -> list[_Line]:
    lines = _header(scenario, scenario.keyword, scenario.name, scenario.tags, scenario.description, "  ")
    for step, keyword in zip(scenario.steps, step_keywords(scenario.steps), strict=True):
        lines += _step_lines(step, keyword)
    for examples in scenario.examples:
        header = _header(examples, examples.keyword, examples.name, examples.tags, [], "    ")
        lines += header + _table(examples, len(header), examples.table, "      ")
    return lines


def _lines(flow: Flow) -> list[_Line]:
    lines = _header(flow, "Feature", flow.feature, flow.tags, flow.description, "")
    for scenario in ([flow.background] if flow.background else []) + flow.scenarios:
        lines += _scenario_lines(scenario)
    return lines


def render(flow: Flow) -> str:
    """The feature file's text: the canonical layout plus the blank and comment lines the flow kept."""
    out: list[str] = []
    for line in _lines(flow):
        out += line.owner.gaps.get(line.offset, [])
        out.append(line.text)
    out += flow.trailing
    return "\n".join(out) + ("\n" if flow.final_newline else "")


# -- reading --------------------------------------------------------------------------------------
def _structure(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(the lines behave reads, the blank/comment lines before each of them, those after the last)."""
    meaningful: list[str] = []
    gaps: list[list[str]] = []
    pending: list[str] = []
    in_doc: str | None = None
    for line in text.split("\n"):
        stripped = line.strip()
        if in_doc is None and (not stripped or stripped.startswith("#")):
            pending.append(line)
            continue
        if in_doc is None and stripped.startswith(DELIMITERS):
            in_doc = stripped[:3]
        elif in_doc is not None and stripped == in_doc:
            in_doc = None
        meaningful.append(line)
        gaps.append(pending)
        pending = []
    return meaningful, gaps, pending


def _table_of(table: Any) -> Table:
    return Table(headings=[str(h) for h in table.headings], rows=[[str(c) for c in row.cells] for row in table.rows])


def _step_of(step: Any) -> Step:
    doc = None
    if step.text is not None:
        doc = DocString(content=str(step.text), content_type=getattr(step.text, "content_type", "") or "")
        if doc.content_type == "text/plain":
            doc.content_type = ""
    return Step(keyword=step.keyword.strip(), step_type=step.step_type, text=step.name, doc_string=doc,
                table=_table_of(step.table) if step.table is not None else None)


def _scenario_of(scenario: Any, keyword: str | None = None) -> Scenario:
    return Scenario(keyword=keyword or scenario.keyword, name=scenario.name, tags=[str(t) for t in getattr(scenario, "tags", [])],
                    description=list(getattr(scenario, "description", None) or []), steps=[_step_of(s) for s in scenario.steps],
                    examples=[Examples(keyword=e.keyword, name=e.name, tags=[str(t) for t in e.tags], table=_table_of(e.table))
                              for e in getattr(scenario, "examples", [])])


def area_and_name(path: str) -> tuple[str, str]:
    """``features/checkout/buying_tickets.feature`` -> ("checkout", "buying_tickets")."""
    pure = PurePosixPath(path)
    return (pure.parent.name if pure.parent.name != "features" else ""), pure.stem


def parse_flow(text: str, path: str = "features/new.feature") -> Flow:
    """The Flow of a feature file's text; a file behave cannot parse is FeatureFileError (path:line: what)."""
    try:
        feature = parse_feature(text, filename=path)
    except ParserError as exc:
        raise FeatureFileError(f"{path}:{getattr(exc, 'line', '?')}: {str(exc).strip().splitlines()[0]}") from None
    if feature is None:
        raise FeatureFileError(f"{path}:1: no Feature in the file")
    if getattr(feature, "rules", None):
        raise FeatureFileError(f"{path}:{feature.rules[0].line}: Rule blocks are not supported by the flow builder")
    area, name = area_and_name(path)
    flow = Flow(area=area, name=name, feature=feature.name, tags=[str(t) for t in feature.tags],
                description=list(feature.description),
                background=_scenario_of(feature.background, "Background") if feature.background else None,
                scenarios=[_scenario_of(s) for s in feature.scenarios])
    _keep_layout(flow, text)
    return flow


def _keep_layout(flow: Flow, text: str) -> None:
    """Puts the file's blank and comment lines into the elements whose lines they precede."""
    flow.final_newline = text.endswith("\n")
    meaningful, gaps, after = _structure(text[:-1] if flow.final_newline else text)
    rendered = _lines(flow)
    if len(rendered) != len(meaningful):
        return  # a layout this renderer does not write (round_trips says so); the steps are still right
    for line, gap, source in zip(rendered, gaps, meaningful, strict=True):
        if gap:
            line.owner.gaps[line.offset] = gap
        if line.row is not None and line.text.strip() != source.strip():  # aligned by hand: keep it as written
            table, index = line.row
            table.kept[index] = KeptRow(cells=([table.headings] + table.rows)[index], text=source.strip())
    flow.trailing = after


def round_trips(text: str, path: str) -> bool:
    """True when opening ``text`` and saving it unchanged writes the same bytes."""
    return render(parse_flow(text, path)) == text
