"""Synthetic 残联 performance reports with ground truth: `python -m etl.synth --reports N --seed S OUT/`."""

from etl.synth.generate import generate, render_report

__all__ = ["generate", "render_report"]
