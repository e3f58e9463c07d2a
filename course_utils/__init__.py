"""How neural networks learn: the support package of the course.

Import what you need from its modules, one concept each::

    from course_utils.losses import mse, mse_grad        # 01_losses
    from course_utils.activations import sigmoid         # 03_backprop
    from course_utils.optimizers import adam             # 02_optimization
    from course_utils.schedules import cosine_warm_restarts
    from course_utils.gradcheck import gradcheck
    from course_utils.landscapes import rosenbrock, trajectory
    from course_utils.network import forward, backward   # 03_backprop: the 2-2-1 network
    from course_utils.mlp import init, train             # 03_backprop: a small MLP
    from course_utils.checks import check                # exercises

Importing the package itself is light: only NumPy is loaded; matplotlib and
ipywidgets are imported by the modules that draw.
"""

__version__ = "0.1.0"
