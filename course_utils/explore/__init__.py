"""The course's interactive figures, one module per part.

Each explorer is built from two plain functions, ``setup(fig)`` and ``update(state, **values)``,
wrapped by :class:`course_utils.widgets.Explorer`; the functions can be called and tested
without a display. Importing this package imports matplotlib and ipywidgets.
"""
