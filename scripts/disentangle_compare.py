#!/usr/bin/env python3
"""Seed means of `infotorch experiment disentangle` results against a reference model, with Welch's t, and the
last epoch's MSS self share per run (how much of each joint density estimate the sample's own posterior carries).

    /usr/bin/python3 scripts/disentangle_compare.py REFERENCE_MODEL OUT_DIR [OUT_DIR ...]
"""
import csv, math, os, re, sys
from statistics import mean, stdev


def welch_t(a, b):
    va, vb = stdev(a) ** 2 / len(a), stdev(b) ** 2 / len(b)
    return (mean(a) - mean(b)) / math.sqrt(va + vb) if va + vb > 0 else float("nan")


def last_epoch(run_dir):
    with open(os.path.join(run_dir, "epochs.csv")) as f:
        rows = list(csv.DictReader(f))
    return rows[-1] if rows else {}


def main():
    ref, dirs = sys.argv[1], sys.argv[2:]
    runs = {}
    for d in dirs:
        with open(os.path.join(d, "results.csv")) as f:
            for r in csv.DictReader(f):
                run_dir = os.path.join(d, "runs", re.sub(r"[^A-Za-z0-9]", "_", r["model"]) + f"_s{r['seed']}")
                e = last_epoch(run_dir) if os.path.isdir(run_dir) else {}
                r["self_share"] = e.get("tc_mss_self_share", "nan")
                r["discriminator_loss"] = e.get("discriminator_loss", "")
                runs.setdefault(r["model"], []).append(r)
    print("| model | seeds | MIG posterior | MIG histogram | t vs " + ref + " (post. / hist.) | MSS self share | KL |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for model, rs in runs.items():
        post = [float(r["mig_posterior"]) for r in rs]
        hist = [float(r["mig_histogram"]) for r in rs]
        share = [float(r["self_share"]) for r in rs]
        kl = [float(r["kl"]) for r in rs]
        rp = [float(r["mig_posterior"]) for r in runs.get(ref, [])]
        rh = [float(r["mig_histogram"]) for r in runs.get(ref, [])]
        t = (f"{welch_t(post, rp):+.1f} / {welch_t(hist, rh):+.1f}" if model != ref and len(rp) > 1 and len(post) > 1
             else "")
        print(f"| {model} | {len(rs)} | {mean(post):.3f} ± {stdev(post) if len(post) > 1 else 0:.3f} "
              f"({', '.join(f'{v:.3f}' for v in post)}) | {mean(hist):.3f} ± {stdev(hist) if len(hist) > 1 else 0:.3f} "
              f"| {t} | {mean(share):.2f} | {mean(kl):.1f} |")


if __name__ == "__main__":
    main()
