"""Results analysis: score distributions, item statistics, reliability, marker agreement and
the flags that feed them back into the bank. Pure functions over plain data
(:mod:`questionbank.stats.data`); each module's docstring gives its formulas.

* :mod:`~questionbank.stats.descriptive`: mean, SD, quartiles, histograms, correlation;
* :mod:`~questionbank.stats.items`: facility, discrimination index, item-rest correlation,
  discriminative efficiency, distractor analysis, position bias;
* :mod:`~questionbank.stats.reliability`: Cronbach's alpha, KR-20, SEM;
* :mod:`~questionbank.stats.markers`: agreement per question and per grader;
* :mod:`~questionbank.stats.flags`: too easy / too hard / weak or negative discrimination /
  likely wrong key / unused distractor;
* :mod:`~questionbank.stats.report`: all of it for a stage.
"""

from questionbank.stats.data import AttemptResult, ItemResult, Mark, Sitting, StageData
from questionbank.stats.flags import FlagThresholds, ItemFlag, item_flags
from questionbank.stats.items import ItemStats, OptionStat, item_statistics
from questionbank.stats.report import StageAnalysis, analyse_stage, to_data

__all__ = [
    "AttemptResult",
    "FlagThresholds",
    "ItemFlag",
    "ItemResult",
    "ItemStats",
    "Mark",
    "OptionStat",
    "Sitting",
    "StageAnalysis",
    "StageData",
    "analyse_stage",
    "item_flags",
    "item_statistics",
    "to_data",
]
