"""Write a generated script and prove it: compile it, then run it in a separate Python process.

The child imports the script as a module (its ``main`` stays asleep), calls ``build_model()``,
loads the in-app model's weights and predicts on the same inputs; the outputs and parameter
count come back through an .npz file and must match the app's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from playground.engine.export import clients
from playground.engine.export.atomic import atomic_output
from playground.engine.export.script import generate_script

_DRIVER = """\
import importlib.util, sys
import numpy as np
script, weights, inputs, out = sys.argv[1:5]
spec = importlib.util.spec_from_file_location("exported_net", script)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = module.build_model()
model.load_weights(weights)
with np.load(inputs, allow_pickle=False) as arrays:
    xs = [arrays[f"input_{i}"] for i in range(len(arrays.files))]
ys = model(xs[0] if len(xs) == 1 else xs, training=False)
ys = ys if isinstance(ys, (list, tuple)) else [ys]
np.savez(out, params=np.array(model.count_params()), **{f"output_{i}": np.asarray(y) for i, y in enumerate(ys)})
"""


class ScriptRunError(RuntimeError):
    """The generated script failed to run; the message carries the end of its stderr."""


def run_script(script: Path, weights: Path, inputs: list[np.ndarray], workdir: Path,
               timeout: float = 300) -> tuple[list[np.ndarray], int]:
    """Run ``script`` in a fresh interpreter with ``weights`` on ``inputs``: (outputs, params)."""
    inputs_path = workdir / "inputs.npz"
    out_path = workdir / "outputs.npz"
    np.savez(inputs_path, **{f"input_{i}": x for i, x in enumerate(inputs)})
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)  # the script must stand on its own, without the app on the path
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(script), str(weights), str(inputs_path), str(out_path)],
        cwd=workdir, capture_output=True, text=True, timeout=timeout, env=env,
    )
    if result.returncode != 0:
        raise ScriptRunError(f"The generated script failed: {result.stderr.strip()[-2000:]}")
    with np.load(out_path, allow_pickle=False) as arrays:
        n = len(arrays.files) - 1
        return [arrays[f"output_{i}"] for i in range(n)], int(arrays["params"])


def write_script(job: Any, path: Path, training, data, project_name: str, verify: bool = True):
    """Generate, compile and (with ``verify``) run the script before moving it to ``path``."""
    from playground.engine.export.formats import TOLERANCE, ExportError, ExportMismatch, ExportResult

    source = generate_script(job.spec, training, data, project_name)
    try:
        compile(source, str(path), "exec")
    except SyntaxError as exc:  # a bug in the generator, never the user's fault
        raise ExportError(f"The generated script does not compile: {exc}") from exc
    diff = None
    with atomic_output(path) as temp:
        temp.write_text(source, encoding="utf-8")
        if verify:
            with tempfile.TemporaryDirectory(prefix="playground-script-") as work:
                workdir = Path(work)
                weights = workdir / "model.weights.h5"
                job.model.save_weights(str(weights))
                try:
                    outputs, params = run_script(temp, weights, job.inputs, workdir)
                except (ScriptRunError, subprocess.TimeoutExpired) as exc:
                    raise ExportError(str(exc)) from exc
            diff = clients.max_abs_diff(job.reference, outputs)
            tolerance = TOLERANCE * clients.output_scale(job.reference)
            if params != int(job.model.count_params()) or not diff <= tolerance:
                raise ExportMismatch(
                    f"The generated script builds a different network ({params:,} parameters, max output "
                    f"difference {diff:.3g}); nothing was written"
                )
    notes = [] if verify else ["not run: verification was switched off"]
    return ExportResult(Path(path), "python", int(job.model.count_params()), "python subprocess" if verify else None,
                        diff, len(source.encode("utf-8")), notes)
