"""Talent pipeline: educational programs, members' demand for specialists, gaps, targeted training."""
