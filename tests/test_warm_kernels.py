"""Grading kernels forked from the warm zygote (course_utils/grading/zygote.py, warm_kernels.py).

Each kernel must behave as a kernel started from scratch would: a process of its own, in the
folder and environment its manager gave it, sharing nothing with its siblings; interrupted,
shut down and killed the way nbgrader does it; and an ordinary start whenever the zygote
cannot serve it.
"""

from __future__ import annotations

import asyncio
import os
import time

import pytest
from jupyter_client.manager import AsyncKernelManager

from course_utils.grading import warm_kernels
from course_utils.grading.warm_kernels import WarmKernelManager

pytestmark = pytest.mark.nbgrader


async def _run(kc, code: str, timeout: float = 30) -> tuple[str, dict]:
    """Execute ``code``; return what it printed and the execute reply's content."""
    msg_id = kc.execute(code)
    printed = []
    while True:
        msg = await kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = await kc.get_shell_msg(timeout=timeout)
    return "".join(printed), reply["content"]


async def _start(cls=WarmKernelManager, **kw):
    km = cls(kernel_name="python3")
    await km.start_kernel(**kw)
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    return km, kc


async def _stop(km, kc, now: bool = False) -> None:
    kc.stop_channels()
    await km.shutdown_kernel(now=now)


@pytest.fixture(autouse=True)
def fresh_zygote():
    warm_kernels.stop_zygote()
    yield
    warm_kernels.stop_zygote()


def test_are_kernels_forked_by_the_zygote_separate_fresh_processes(tmp_path):
    async def main():
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        km_a, kc_a = await _start(cwd=str(tmp_path / "a"))
        km_b, kc_b = await _start(cwd=str(tmp_path / "b"))
        probe = (
            "import os, sys, numpy as np, course_utils.losses as L\n"
            "print(os.getpid(), os.getppid(), os.getcwd(), np.random.random(), 'mse' in vars(L), sep='|')\n"
        )
        try:
            # a learner's kernel replaces a course function and leaves state behind...
            meddle = "import course_utils.losses as L\ndel L.mse\nimport numpy as np\nnp.random.seed(0)"
            await _run(kc_a, meddle)
            out_a, _ = await _run(kc_a, probe)
            out_b, _ = await _run(kc_b, probe)
        finally:
            await _stop(km_a, kc_a)
            await _stop(km_b, kc_b)
        return out_a.strip().split("|"), out_b.strip().split("|")

    a, b = asyncio.run(main())
    assert a[0] != b[0], "the two kernels are one process"
    assert a[1] == b[1] != str(os.getpid()), "the kernels were not both forked by the zygote"
    assert a[2] == str(tmp_path / "a") and b[2] == str(tmp_path / "b"), "each kernel starts in its own folder"
    assert a[4] == "False" and b[4] == "True", "a change to a module leaked into another kernel"
    assert a[3] != b[3], "two kernels drew the same random numbers"


_ENVIRONMENT_PROBE = (
    "import os\n"
    "print(os.getppid(), os.environ['JPY_PARENT_PID'], os.getenv('NBGRADER_SEEN'),"
    " os.getenv('PYDEVD_USE_FRAME_EVAL'))"
)


def test_is_a_kernel_served_by_the_zygote_and_given_the_environment_a_cold_kernel_has(tmp_path):
    async def main(cls):
        km, kc = await _start(cls)
        try:
            out, _ = await _run(kc, _ENVIRONMENT_PROBE)
        finally:
            await _stop(km, kc)
        return out.split()

    os.environ["NBGRADER_SEEN"] = "yes"  # set before the zygote starts: the kernels' environment
    try:
        ppid, parent_pid, seen, frame_eval = asyncio.run(main(WarmKernelManager))
        cold = asyncio.run(main(AsyncKernelManager))
    finally:
        del os.environ["NBGRADER_SEEN"]
    assert warm_kernels._failed is False
    assert ppid != str(os.getpid()), "the kernel was started cold, not forked by the zygote"
    assert parent_pid == str(os.getpid())
    assert seen == "yes"
    # ipykernel's start imports debugpy, which sets a variable: the fork has it as a cold kernel does
    assert frame_eval == cold[3] != "None"


def test_does_an_interrupt_stop_a_runaway_cell_and_leave_the_kernel_usable():
    async def main():
        km, kc = await _start()
        try:
            msg_id = kc.execute("import time\nwhile True: time.sleep(0.01)")
            await asyncio.sleep(1.0)
            await km.interrupt_kernel()
            while True:
                reply = await kc.get_shell_msg(timeout=30)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            after, _ = await _run(kc, "print(6 * 7)")
        finally:
            await _stop(km, kc)
        return reply["content"], after

    content, after = asyncio.run(main())
    assert content["status"] == "error" and content["ename"] == "KeyboardInterrupt"
    assert after.strip() == "42"


def test_does_killing_a_kernel_stop_its_process():
    async def main():
        km, kc = await _start()
        out, _ = await _run(kc, "import os\nprint(os.getpid())")
        await _stop(km, kc, now=True)  # nbgrader's last resort: kill
        return int(out)

    pid = asyncio.run(main())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail(f"the kernel process {pid} outlived its kill")


def test_does_a_kernel_in_another_environment_get_an_ordinary_start():
    async def main():
        km, kc = await _start()  # starts the zygote in this environment
        await _stop(km, kc)
        env = dict(os.environ, MPLBACKEND="svg")  # read when matplotlib is imported
        km, kc = await _start(env=env)
        try:
            out, _ = await _run(kc, "import os, matplotlib\nprint(os.getppid(), matplotlib.get_backend())")
        finally:
            await _stop(km, kc)
        return out.split()

    ppid, backend = asyncio.run(main())
    assert backend == "svg"
    assert ppid == str(os.getpid()), "a kernel with another environment was forked from the zygote"


def test_does_turning_warm_kernels_off_give_the_ordinary_command(monkeypatch):
    monkeypatch.setenv("COURSE_WARM_KERNELS", "0")

    async def main():
        km, kc = await _start()
        try:
            out, _ = await _run(kc, "import os\nprint(os.getppid())")
        finally:
            await _stop(km, kc)
        return out.strip()

    assert asyncio.run(main()) == str(os.getpid())
    assert warm_kernels._zygote is None


def test_is_warm_execute_configured_for_autograde_with_the_execute_settings():
    from traitlets.config import Config

    from course_utils.grading.warm_kernels import WarmExecute

    config = Config()
    config.Execute.timeout = 7
    pre = WarmExecute(config=config)
    assert pre.timeout == 7, "c.Execute settings must reach WarmExecute"
    assert pre.kernel_manager_class is WarmKernelManager
    assert WarmKernelManager(kernel_name="python3").client_factory is warm_kernels.WarmKernelClient
    assert issubclass(WarmKernelManager, AsyncKernelManager)
    source = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "nbgrader_config.py")
    with open(source) as f:
        assert "    WarmExecute,\n" in f.read(), "autograde's preprocessors no longer use WarmExecute"
