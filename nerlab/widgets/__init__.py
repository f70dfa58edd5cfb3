"""nerlab's Jupyter instruments: the transition stepper and the learning-curve lab.

Widgets hold no logic of their own: they are views and controls over `nerlab`'s core
objects (states, supervisions, costs) and the training runner's events.
"""

from .stepper import TransitionStepper
from .lab import LearningCurveLab

__all__ = ["LearningCurveLab", "TransitionStepper"]
