"""nerlab's Jupyter instruments: the transition stepper and the learning-curve lab.

Widgets hold no logic of their own: they are views and controls over `nerlab`'s core
objects (states, supervisions, costs) and the training runner's events.
"""

from .lab import LearningCurveLab
from .stepper import TransitionStepper

__all__ = ["LearningCurveLab", "TransitionStepper"]
