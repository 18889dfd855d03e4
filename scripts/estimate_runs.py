"""One `infotorch estimate --task` run as a dict (its --json output), shared by the experiment scripts."""
import json, subprocess, sys, time


def run_estimate(exe, task, seed, extra):
    """Returns (result dict or None when the run failed, wall seconds)."""
    cmd = [exe, "estimate", "--task", task, "--seed", str(seed), "--json", "--quiet", "--allow-diverged"] + extra
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    sec = time.time() - t0
    if p.returncode != 0:
        print(task, seed, "failed:", p.stderr.strip(), file=sys.stderr)
        return None, sec
    return json.loads(p.stdout), sec
