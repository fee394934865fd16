"""A problem found in a framework file, and the error that carries all of them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"dòng {self.line}: {self.message}"


class FrameworkFileError(ValueError):
    """The file is not a valid framework; ``problems`` lists every problem
    found, in line order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))
