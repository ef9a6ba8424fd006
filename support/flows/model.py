"""A feature file as data: the Flow the builder edits, renders to Gherkin and reads back.

Layout that Gherkin does not give meaning to (blank lines and comments) is kept per element in
``gaps`` (line offset within the element -> the lines before it), so a file opened and saved
unchanged is written back byte for byte (tests/framework/test_flows.py checks every file).

A flow also arrives from a browser: every text that becomes one line of the file is refused when it
holds a line break, a gap line must be blank or a comment, and a doc string cannot close itself early,
so a posted flow can never write Gherkin other than the elements it declares.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

StepType = Literal["given", "when", "then"]
KEYWORD_OF: dict[str, str] = {"given": "Given", "when": "When", "then": "Then"}
Line = Annotated[str, Field(pattern=r"^[^\r\n]*$")]                  # one line of the file, no line break
Tag = Annotated[str, Field(pattern=r"^[^\s@]+$")]                     # written as @tag
GapLine = Annotated[str, Field(pattern=r"^[ \t]*(#[^\r\n]*)?$")]       # blank, or a comment


class Element(BaseModel):
    gaps: dict[int, list[GapLine]] = Field(default_factory=dict)   # blank and comment lines, by line offset


class DocString(BaseModel):
    content: str
    content_type: Line = ""
    delimiter: Literal['"""', "```"] = '"""'

    @model_validator(mode="after")
    def _stays_open(self) -> DocString:
        if any(line.strip().startswith(self.delimiter) for line in self.content.split("\n")):
            raise ValueError(f"a doc string line cannot start with its delimiter {self.delimiter}")
        return self


class KeptRow(BaseModel):
    """A table row as the file wrote it (hand-aligned wider than needed): written again while its cells are unchanged."""

    cells: list[str]
    text: Annotated[str, Field(pattern=r"^\|[^\r\n]*\|$")]


class Table(BaseModel):
    headings: list[str]
    rows: list[list[str]] = Field(default_factory=list)
    kept: dict[int, KeptRow] = Field(default_factory=dict)   # row index (0: the headings) -> its original text

    def as_text(self) -> str:
        """The rows as the builder's text box shows them: ``| a | b |`` per line, a ``|`` in a cell as ``\\|``."""
        return "\n".join("| " + " | ".join(c.replace("\\", "\\\\").replace("|", "\\|") for c in row) + " |"
                         for row in [self.headings, *self.rows])


class Step(Element):
    keyword: Literal["", "Given", "When", "Then", "And", "But", "*"] = ""   # as written (empty: chosen from the lane)
    step_type: StepType
    text: Line
    doc_string: DocString | None = None
    table: Table | None = None


class Examples(Element):
    keyword: Literal["Examples", "Scenarios"] = "Examples"
    name: Line = ""
    tags: list[Tag] = Field(default_factory=list)
    table: Table


class Scenario(Element):
    keyword: Literal["Scenario", "Scenario Outline", "Scenario Template", "Example", "Background"] = "Scenario"
    name: Line = ""
    tags: list[Tag] = Field(default_factory=list)
    description: list[Line] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    examples: list[Examples] = Field(default_factory=list)


class Flow(Element):
    """One feature file: ``features/<area>/<name>.feature``."""

    area: str = ""
    name: str = ""             # the file's name without .feature
    feature: Line              # the Feature: line's title
    tags: list[Tag] = Field(default_factory=list)
    description: list[Line] = Field(default_factory=list)
    background: Scenario | None = None
    scenarios: list[Scenario] = Field(default_factory=list)
    trailing: list[GapLine] = Field(default_factory=list)       # blank/comment lines after the last element
    final_newline: bool = True
