"""Learners' answers as data, separate from the catalog (issue 12, §3-4).

* :mod:`.honest`: honest but unusual solutions of the first exercise, none of which the
  grading scan may flag;
* :mod:`.corpus`: for each function exercise, correct variants that must pass and realistic
  mistakes that must fail, each with the words its message must contain.

Every answer is source code, written the way a learner writes it (never by calling the
course's reference), so the same text can be run here or pasted into a notebook.
"""
