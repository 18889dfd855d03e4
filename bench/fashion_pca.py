"""Principal components of Fashion-MNIST test images and their labels, as .npy files, for `infotorch check`.

    /usr/bin/python3 bench/fashion_pca.py OUT_DIR [N] [COMPONENTS]

Reads Debian's dataset-fashion-mnist (IDX, gzipped), keeps the first N test images (default 5000), projects
them on their first COMPONENTS principal components (default 8, by SVD of the centred pixels) and writes
OUT_DIR/x.npy (N x COMPONENTS float64) and OUT_DIR/y.npy (N x 1 labels, float64).
"""
import gzip
import os
import sys

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(DATA, name + ".gz")) as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    images = idx("t10k-images-idx3-ubyte")[:n].reshape(n, -1).astype(np.float64) / 255
    labels = idx("t10k-labels-idx1-ubyte")[:n].astype(np.float64).reshape(n, 1)
    centred = images - images.mean(0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "x.npy"), centred @ vt[:k].T)
    np.save(os.path.join(out, "y.npy"), labels)


if __name__ == "__main__":
    main()
