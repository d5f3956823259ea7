"""Demo talent data: none. The seeds name no educational program, intake, graduate count or demand figure.

Seed 004 and the reference say only that TUSUR trains staff for the industrial cluster, and seed 000 mentions
«организация системы подготовки кадров» as a topic; the MTS–TUSUR agreement on educational programs is loaded
by the events demo. Inventing numbers would make the gap table look informative and be false, so the talent
tables start empty and are filled by members and managers (forms on /talent, the API or an import).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

ORDER = 40


def load_demo(*, session: Session) -> dict[str, int]:
    del session
    return {"programs": 0, "demand": 0}
