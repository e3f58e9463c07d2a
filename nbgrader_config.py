"""nbgrader configuration for the course.

The course root is this folder; the single-source notebooks live in ``notebooks/``,
one folder per assignment (``00_start_here``, ``01_losses``, ...).
"""

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "notebooks"
