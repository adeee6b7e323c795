"""Steady-state latency of one model through LiteRT's CompiledModel API (the official Python runtime)."""
import argparse
import time

import numpy as np
from ai_edge_litert.compiled_model import CompiledModel, CpuKernelMode, Options

# LiteRT calls the XNNPACK path "delegate" mode.
KERNELS = {"xnnpack": CpuKernelMode.DELEGATE, "builtin": CpuKernelMode.BUILTIN, "reference": CpuKernelMode.REFERENCE}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--kernels", default="xnnpack", choices=sorted(KERNELS))
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    options = Options.create()
    options.cpu_options.num_threads = args.threads
    options.cpu_options.kernel_mode = KERNELS[args.kernels]
    model = CompiledModel.from_file(args.model, options=options)
    inputs = model.create_input_buffers(0)
    outputs = model.create_output_buffers(0)
    for _ in range(args.warmup):
        model.run_by_index(0, inputs, outputs)
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter_ns()
        model.run_by_index(0, inputs, outputs)
        samples.append(time.perf_counter_ns() - start)
    samples = np.array(samples) / 1000.0
    print("python litert %s threads=%d kernels=%s: min %.1f us, p50 %.1f us, p90 %.1f us (n=%d)" % (
        args.model.split("/")[-1], args.threads, args.kernels, samples.min(), np.median(samples),
        np.percentile(samples, 90), len(samples)))


if __name__ == "__main__":
    main()
