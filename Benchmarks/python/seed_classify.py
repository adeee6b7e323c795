"""The seed flow in Python: classify one image with ai-edge-litert + Pillow, 5 timed runs."""
import sys
import time

import numpy as np
from PIL import Image
from ai_edge_litert.interpreter import Interpreter


def main(model_path, image_path, labels_path):
    interpreter = Interpreter(model_path)
    interpreter.allocate_tensors()
    detail = interpreter.get_input_details()[0]
    _, height, width, _ = detail["shape"]
    scale, zero_point = detail["quantization"]
    image = Image.open(image_path).convert("RGB").resize((width, height), Image.LANCZOS)
    mean, std = 128.0, 128.0
    if abs(scale * std - 1) < 1e-5 and abs(mean - zero_point) < 1e-5:
        data = np.asarray(image)
    else:
        data = np.clip(np.round((np.asarray(image) - mean) / (std * scale) + zero_point), 0, 255).astype(np.uint8)
    interpreter.set_tensor(detail["index"], data[np.newaxis])
    print("----INFERENCE TIME----")
    for _ in range(5):
        start = time.perf_counter()
        interpreter.invoke()
        print("%.2fms" % ((time.perf_counter() - start) * 1000))
    output = interpreter.get_output_details()[0]
    scores = interpreter.get_tensor(output["index"])[0].astype(np.float32)
    out_scale, out_zero = output["quantization"]
    if out_scale:
        scores = out_scale * (scores - out_zero)
    labels = {}
    with open(labels_path) as handle:
        for line in handle:
            parts = line.strip().split(maxsplit=1)
            if len(parts) == 2 and parts[0].isdigit():
                labels[int(parts[0])] = parts[1]
    best = int(np.argmax(scores))
    print("-------RESULTS--------")
    print("%s: %.5f" % (labels.get(best, best), scores[best]))


if __name__ == "__main__":
    main(*sys.argv[1:4])
