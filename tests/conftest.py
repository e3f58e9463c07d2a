"""Shared test configuration.

One hypothesis profile for every run, local and CI (where ``CI=true``): no deadline
(the first example of a test pays NumPy's warm-up, and a shared CI runner is slow at
random moments) and a modest number of examples, so that the numerical core's suite
runs in well under 30 seconds on two cores. Property tests here check identities that
hold for every input, so 50 examples per test find the same failures as 500 would,
only later.
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "course",
    deadline=None,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("course")
