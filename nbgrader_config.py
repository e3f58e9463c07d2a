"""nbgrader configuration for the course.

The course root is this folder; the single-source notebooks live in ``notebooks/``, one
folder per assignment (``00_start_here``, ``01_losses``, ``02_optimization``,
``03_backprop``). See the README's "For instructors" section for the workflow.
"""

import os
import sys

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from course_utils.grading import nbgrader_speedups
from course_utils.grading.nbgrader_plugins import HideHiddenTests, PrepareGrading, VerifyAnswers
from course_utils.grading.warm_kernels import WarmExecute

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

# nbgrader checks its JSON schema again for every cell it validates; check it once instead.
nbgrader_speedups.install()

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "notebooks"
# The course's id: the exchange files assignments under it, and in a database server every
# assignment refers to it (PostgreSQL refuses an empty one). Learners' configs use the same id.
c.CourseDirectory.course_id = os.environ.get("COURSE_ID", "how-nets-learn")
# The gradebook is nbgrader's default SQLite file, gradebook.db in this folder. For a
# class, point it at PostgreSQL instead (see the README), here or with COURSE_DB_URL
# (the driver is psycopg2, so the URL starts with postgresql+psycopg2://):
# c.CourseDirectory.db_url = "postgresql+psycopg2://nbgrader:PASSWORD@dbhost/course"
if os.environ.get("COURSE_DB_URL"):
    c.CourseDirectory.db_url = os.environ["COURSE_DB_URL"]

# Grades a learner cannot fake (course_utils/grading): before running a submission, scan
# the learner's code and salt the hidden tests; right after running it, judge the answers
# the hidden tests recorded, in this process, with a pristine copy of the references.
# WarmExecute is nbgrader's Execute (configured as c.Execute below) whose kernels are forked
# from one process that has imported ipykernel, NumPy, matplotlib and the course already:
# each notebook still runs in a fresh process of its own, without paying for the imports
# (course_utils/grading/zygote.py). COURSE_WARM_KERNELS=0 gives ordinary kernels.
c.Autograde.autograde_preprocessors = [
    PrepareGrading,
    WarmExecute,
    VerifyAnswers,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
# Feedback shows that hidden tests ran and what they found, not their source.
c.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]

# A class's secret salt selects the fresh hidden cases, so nobody can precompute answers.
# Set COURSE_GRADING_SALT on the grading machine; it is removed from the environment here,
# so the kernels that run submissions never see it.
_salt = os.environ.pop("COURSE_GRADING_SALT", "")
c.PrepareGrading.salt = _salt
c.VerifyAnswers.salt = _salt

# While autograding, nothing is drawn that the grader does not need: the kernels use matplotlib's
# non-interactive Agg backend (no figure encoded as a PNG at the end of each cell), and explorers
# draw nothing (course_utils.widgets). `make autograde` sets the same (tools/classroom.py); here
# it covers a plain `nbgrader autograde` too. A value already set (e.g. by make bench) is kept.
if sys.argv[1:2] == ["autograde"]:
    os.environ.setdefault("MPLBACKEND", "agg")
    os.environ.setdefault("COURSE_RENDER", "none")

# Flagged submissions the instructor accepted after review (`make accept STUDENT=.. PART=..`)
# are graded normally.
c.PrepareGrading.accepted_file = os.path.join(c.CourseDirectory.root, "integrity_accepted.csv")

# A cell that runs forever is stopped after this many seconds and loses its points; the
# notebook goes on with the next cell.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# When a notebook has run, its kernel is stopped at once: everything graded is in the notebook
# already, and a graceful shutdown sometimes waits 2.5 s for a kernel that does not answer
# (jupyter_client's shutdown_wait_time / 2) before it sends SIGTERM.
c.Execute.shutdown_kernel = "immediate"
# nbconvert checks the whole notebook against its schema after each of the preprocessors
# above; once, after the last one, is enough (an invalid notebook is still refused).
c.Exporter.optimistic_validation = True
