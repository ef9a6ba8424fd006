"""A feature file as data: the Flow the builder edits, renders to Gherkin and reads back.

Layout that Gherkin does not give meaning to (blank lines and comments) is kept per element in
``gaps`` (line offset within the element -> the lines before it), so a file opened and saved
unchanged is written back byte for byte (tests/framework/test_flows_gherkin.py checks every file).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

StepType = Literal["given", "when", "then"]
KEYWORD_OF: dict[str, str] = {"given": "Given", "when": "When", "then": "Then"}


class Element(BaseModel):
    gaps: dict[int, list[str]] = Field(default_factory=dict)   # blank and comment lines, by line offset


class DocString(BaseModel):
    content: str
    content_type: str = ""
    delimiter: Literal['"""', "```"] = '"""'


class KeptRow(BaseModel):
    """A table row as the file wrote it (hand-aligned wider than needed): written again while its cells are unchanged."""

    cells: list[str]
    text: str


class Table(BaseModel):
    headings: list[str]
    rows: list[list[str]] = Field(default_factory=list)
    kept: dict[int, KeptRow] = Field(default_factory=dict)   # row index (0: the headings) -> its original text

    def as_text(self) -> str:
        """The rows as the builder's text box shows them: ``| a | b |`` per line, a ``|`` in a cell as ``\\|``."""
        return "\n".join("| " + " | ".join(c.replace("\\", "\\\\").replace("|", "\\|") for c in row) + " |"
                         for row in [self.headings, *self.rows])


class Step(Element):
    keyword: str = ""          # as written: Given, When, Then, And, But, * (empty: chosen from the lane)
    step_type: StepType
    text: str
    doc_string: DocString | None = None
    table: Table | None = None


class Examples(Element):
    keyword: str = "Examples"
    name: str = ""
    tags: list[str] = Field(default_factory=list)
    table: Table


class Scenario(Element):
    keyword: str = "Scenario"  # Scenario, Scenario Outline, Background
    name: str = ""
    tags: list[str] = Field(default_factory=list)
    description: list[str] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    examples: list[Examples] = Field(default_factory=list)


class Flow(Element):
    """One feature file: ``features/<area>/<name>.feature``."""

    area: str = ""
    name: str = ""             # the file's name without .feature
    feature: str               # the Feature: line's title
    tags: list[str] = Field(default_factory=list)
    description: list[str] = Field(default_factory=list)
    background: Scenario | None = None
    scenarios: list[Scenario] = Field(default_factory=list)
    trailing: list[str] = Field(default_factory=list)           # blank/comment lines after the last element
    final_newline: bool = True
