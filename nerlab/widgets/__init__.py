"""nerlab's Jupyter instruments: the transition stepper, the learning-curve lab, the sweep view.

Widgets hold no logic of their own: they are views and controls over `nerlab`'s core
objects (states, supervisions, costs), the training loop's events and a sweep's runs.
"""

from .charts import before_chart
from .lab import LearningCurveLab
from .lab_html import show_chart
from .stepper import TransitionStepper
from .sweep_view import SweepView

__all__ = ["LearningCurveLab", "SweepView", "TransitionStepper", "before_chart", "show_chart"]
