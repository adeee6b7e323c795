"""The serial Python way to score a labelled folder: one image at a time, the official runtime.

PIL open -> convert("RGB") -> LANCZOS resize -> set_tensor -> invoke -> top-1, for every image under DATASET
(DATASET/<class>/<image>), then an invoke-only pass of as many runs. Prints images/s for both, to compare with
`edgebench accuracy MODEL --dataset DATASET --threads N` (its "Pipeline" line and invoke-only median).

    python accuracy_serial.py MODEL DATASET [--threads 1] [--repeat 3]
"""
import argparse
import os
import time

import numpy as np
from PIL import Image
from ai_edge_litert.interpreter import Interpreter

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".bmp"}


def images_in(folder):
    paths = []
    for name in sorted(os.listdir(folder)):
        sub = os.path.join(folder, name)
        if os.path.isdir(sub):
            paths += [os.path.join(sub, f) for f in sorted(os.listdir(sub)) if os.path.splitext(f)[1].lower() in IMAGE_EXTENSIONS]
    return paths


def encode(image, detail):
    """pycoral's classify_image quantization, mean = std = 128 (the fixture models' normalisation)."""
    mean, std = 128.0, 128.0
    pixels = np.asarray(image)
    if detail["dtype"] == np.float32:
        return ((pixels.astype(np.float32) - mean) / std)[np.newaxis]
    scale, zero_point = detail["quantization"]
    if abs(scale * std - 1) < 1e-5 and abs(mean - zero_point) < 1e-5:
        return pixels[np.newaxis]
    return np.clip(np.round((pixels - mean) / (std * scale) + zero_point), 0, 255).astype(np.uint8)[np.newaxis]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("dataset")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the folder; the report gives each and the median")
    args = parser.parse_args()
    interpreter = Interpreter(args.model, num_threads=args.threads)
    interpreter.allocate_tensors()
    detail = interpreter.get_input_details()[0]
    output = interpreter.get_output_details()[0]
    _, height, width, _ = detail["shape"]
    paths = images_in(args.dataset)
    interpreter.set_tensor(detail["index"], encode(Image.open(paths[0]).convert("RGB").resize((width, height), Image.LANCZOS), detail))
    interpreter.invoke()  # the first run prepares the delegate: not timed

    pipeline_rates, invoke_rates = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for path in paths:
            image = Image.open(path).convert("RGB").resize((width, height), Image.LANCZOS)
            interpreter.set_tensor(detail["index"], encode(image, detail))
            interpreter.invoke()
            int(np.argmax(interpreter.get_tensor(output["index"])[0]))
        pipeline_rates.append(len(paths) / (time.perf_counter() - start))
        start = time.perf_counter()
        for _ in paths:
            interpreter.invoke()
        invoke_rates.append(len(paths) / (time.perf_counter() - start))
    print("images: %d, threads: %d" % (len(paths), args.threads))
    print("serial images/s per pass: %s (median %.2f, max %.2f)" % (
        ", ".join("%.2f" % r for r in pipeline_rates), float(np.median(pipeline_rates)), max(pipeline_rates)))
    print("invoke-only runs/s per pass: %s (median %.2f, max %.2f)" % (
        ", ".join("%.2f" % r for r in invoke_rates), float(np.median(invoke_rates)), max(invoke_rates)))


if __name__ == "__main__":
    main()
