"""The weight of attribution evidence through an anonymity network, as a likelihood ratio.

For a traffic-correlation or timing match, the evidence E is "the method matched the suspect's
traffic to the observed flow". The likelihood ratio is LR = P(E | the suspect is the source) /
P(E | someone else in the anonymity set is) = TPR / FPR, the method's true- and false-positive
rates measured in a validation study. Several matches multiply only if independent; correlated
observations (the same circuit, the same time window) are counted through an effective number
n_eff = n / (1 + (n - 1) rho). The sensitivity range takes the Clopper-Pearson 95 % limits of
both rates from the study's counts. The prior belongs to the fact-finder: a posterior is shown
only for priors the user enters, labelled as an illustration (the reporting form of the ENFSI
Guideline for Evaluative Reporting in Forensic Science, 2015).

Method sources: Clopper, C. J. and Pearson, E. S. (1934), "The use of confidence or fiducial
limits illustrated in the case of the binomial", Biometrika 26(4), 404-413; the transposed
conditional ("prosecutor's fallacy"): R v Doheny and Adams [1996] EWCA Crim 728.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import beta

BASE_RATE_FALLACY = (
    "The likelihood ratio says how much more probable the match is if the suspect is the source "
    "than if another member of the anonymity set is. It is not the probability that the suspect is "
    "the source. Reading it that way transposes the conditional (the 'prosecutor's fallacy'): with "
    "{anonymity_set:,} possible users and a false-positive rate of {fpr:.3g}, about {expected:,.1f} "
    "innocent users would be expected to match as well. How probable it is that the suspect is the "
    "source also depends on the other evidence, which is for the court to weigh."
)


@dataclass(frozen=True)
class Weight:
    likelihood_ratio: float
    log10_lr: float
    sensitivity: tuple[float, float]
    """The LR at the pessimistic and optimistic ends of the rates' 95 % intervals."""
    effective_observations: float
    assumptions: tuple[str, ...]
    illustrations: tuple[tuple[float, float], ...]
    """(prior probability entered by the user, posterior probability) — illustrations only."""
    explanation: str


def _interval(successes: int, trials: int) -> tuple[float, float]:
    low = 0.0 if successes == 0 else float(beta.ppf(0.025, successes, trials - successes + 1))
    high = 1.0 if successes == trials else float(beta.ppf(0.975, successes + 1, trials - successes))
    return low, high


def weigh(
    *,
    true_positives: int,
    positives_tested: int,
    false_positives: int,
    negatives_tested: int,
    observations: int = 1,
    correlation: float = 0.0,
    anonymity_set: int = 2,
    priors: tuple[float, ...] = (),
) -> Weight:
    """The LR of ``observations`` matches, from the method's validation counts."""
    if not 0 < true_positives <= positives_tested:
        raise ValueError("true_positives must be between 1 and positives_tested")
    if not 0 <= false_positives <= negatives_tested or negatives_tested < 1:
        raise ValueError("false_positives must be between 0 and negatives_tested (at least 1)")
    if observations < 1 or not 0.0 <= correlation <= 1.0 or anonymity_set < 2:
        raise ValueError(
            "observations >= 1, 0 <= correlation <= 1 and anonymity_set >= 2 are required"
        )
    if any(not 0.0 < p < 1.0 for p in priors):
        raise ValueError("priors are probabilities strictly between 0 and 1")
    tpr = true_positives / positives_tested
    # No false positive observed: use the upper 95 % limit rather than a rate of zero.
    fpr_low, fpr_high = _interval(false_positives, negatives_tested)
    fpr = false_positives / negatives_tested if false_positives else fpr_high
    tpr_low, tpr_high = _interval(true_positives, positives_tested)
    n_eff = observations / (1 + (observations - 1) * correlation)
    lr = (tpr / fpr) ** n_eff
    pessimistic = (tpr_low / fpr_high) ** n_eff
    optimistic = (tpr_high / max(fpr_low, 1e-12)) ** n_eff if fpr_low > 0 else math.inf
    illustrations = tuple((p, (p / (1 - p) * lr) / (1 + p / (1 - p) * lr)) for p in priors)
    assumptions = (
        f"True-positive rate {tpr:.4g} ({true_positives}/{positives_tested}) and false-positive rate "
        f"{fpr:.4g} ({false_positives}/{negatives_tested}{', upper 95 % limit as none was observed' if not false_positives else ''}) "
        "from the method's validation study, assumed to hold for this network and these conditions.",
        f"{observations} matching observation(s) with correlation {correlation:g}: counted as {n_eff:.3g} independent ones.",
        f"An anonymity set of {anonymity_set:,} users who could have produced the flow.",
    )
    return Weight(
        likelihood_ratio=lr,
        log10_lr=math.log10(lr),
        sensitivity=(pessimistic, optimistic),
        effective_observations=n_eff,
        assumptions=assumptions,
        illustrations=illustrations,
        explanation=BASE_RATE_FALLACY.format(
            anonymity_set=anonymity_set, fpr=fpr, expected=(anonymity_set - 1) * fpr
        ),
    )
