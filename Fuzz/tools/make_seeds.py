#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets from the shared fixtures (never committed).

usage: make_seeds.py FIXTURES OUT

Writes OUT/<FuzzTarget>/<name> files:
  FuzzTFLite          models/*.tflite up to MAX_MODEL bytes
  FuzzMetadata        0x00 + each model's TFLITE_METADATA buffer; 0x01 + small models with a zip of labels
                      appended (the layout of a model with associated files)
  FuzzEdgeTPUPackage  the custom options of every edgetpu-custom-op in models/*_edgetpu.tflite, up to MAX_MODEL
  FuzzBMP             images/*.bmp, plus small 1/4/8/24/32-bit BMPs made here
  FuzzJPEGPNG         images/*.jpg, plus small PNGs (gray, palette, RGBA, 16-bit, interlaced) and JPEGs
  FuzzLabels          labels/*
Small images are made with Pillow when it is installed, otherwise with ImageMagick's `convert`, otherwise
skipped.
"""
import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile

MAX_MODEL = 1 << 20  # bigger seeds slow every execution without adding new structure


class FlatBuffer:
    """Just enough of a FlatBuffers reader to find custom options and metadata buffers."""

    def __init__(self, data):
        self.d = data

    def u8(self, p): return self.d[p]
    def u16(self, p): return struct.unpack_from("<H", self.d, p)[0]
    def u32(self, p): return struct.unpack_from("<I", self.d, p)[0]
    def i32(self, p): return struct.unpack_from("<i", self.d, p)[0]

    def root(self): return self.u32(0)

    def field(self, table, fid):
        vt = table - self.i32(table)
        vtsize = self.u16(vt)
        entry = 4 + 2 * fid
        if entry >= vtsize:
            return None
        off = self.u16(vt + entry)
        return table + off if off else None

    def deref(self, p): return p + self.u32(p)

    def table(self, table, fid):
        p = self.field(table, fid)
        return None if p is None else self.deref(p)

    def vector(self, table, fid):
        p = self.field(table, fid)
        if p is None:
            return None, 0
        v = self.deref(p)
        return v + 4, self.u32(v)

    def tables(self, table, fid):
        start, n = self.vector(table, fid)
        return [] if start is None else [self.deref(start + 4 * i) for i in range(n)]

    def bytes(self, table, fid):
        start, n = self.vector(table, fid)
        return None if start is None else self.d[start:start + n]

    def string(self, table, fid):
        b = self.bytes(table, fid)
        return None if b is None else b.decode("utf-8", "replace")

    def scalar(self, table, fid, fmt, default):
        p = self.field(table, fid)
        return default if p is None else struct.unpack_from("<" + fmt, self.d, p)[0]


def model_parts(data):
    """(custom options of edgetpu-custom-op operators, TFLITE_METADATA buffer or None)"""
    fb = FlatBuffer(data)
    model = fb.root()
    codes = [fb.string(c, 1) for c in fb.tables(model, 1)]
    buffers = fb.tables(model, 4)
    options = []
    for subgraph in fb.tables(model, 2):
        for op in fb.tables(subgraph, 3):
            index = fb.scalar(op, 0, "I", 0)
            if index < len(codes) and codes[index] == "edgetpu-custom-op":
                custom = fb.bytes(op, 5)
                if custom:
                    options.append(custom)
    metadata = None
    for entry in fb.tables(model, 6):
        if fb.string(entry, 0) == "TFLITE_METADATA":
            b = fb.scalar(entry, 1, "I", 0)
            if b < len(buffers):
                metadata = fb.bytes(buffers[b], 0)
    return options, metadata


def write(out, target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)


def small_images():
    """(name, bytes) of small images in the formats and modes the decoders handle."""
    try:
        from PIL import Image
    except ImportError:
        Image = None
    images = []
    if Image is not None:
        base = Image.new("RGB", (13, 7))
        for x in range(13):
            for y in range(7):
                base.putpixel((x, y), (x * 19, y * 36, (x * y * 7) % 256))
        variants = {
            "rgb": base, "gray": base.convert("L"), "rgba": base.convert("RGBA"),
            "palette": base.convert("P"), "bilevel": base.convert("1"),
        }
        for mode, image in variants.items():
            buffer = io.BytesIO()
            image.save(buffer, "PNG")
            images.append((f"{mode}.png", buffer.getvalue()))
            buffer = io.BytesIO()
            image.save(buffer, "BMP")
            images.append((f"{mode}.bmp", buffer.getvalue()))
        buffer = io.BytesIO()
        base.convert("I;16").save(buffer, "PNG")
        images.append(("gray16.png", buffer.getvalue()))
        buffer = io.BytesIO()
        base.convert("LA").save(buffer, "PNG")
        images.append(("gray_alpha.png", buffer.getvalue()))
        palette_alpha = base.convert("P")
        palette_alpha.info["transparency"] = 0
        buffer = io.BytesIO()
        palette_alpha.save(buffer, "PNG", transparency=0)
        images.append(("palette_trns.png", buffer.getvalue()))
        for name, kwargs, image in [("baseline.jpg", {}, base), ("gray.jpg", {}, base.convert("L")),
                                    ("progressive.jpg", {"progressive": True}, base),
                                    ("444.jpg", {"subsampling": 0}, base),
                                    ("cmyk.jpg", {}, base.convert("CMYK"))]:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=80, **kwargs)
            images.append((name, buffer.getvalue()))
    elif shutil.which("convert"):
        for name, args in [("rgb.png", ["gradient:red-blue"]), ("gray.png", ["-colorspace", "Gray", "gradient:"]),
                           ("interlaced.png", ["-interlace", "PNG", "gradient:"]),
                           ("rgb16.png", ["-depth", "16", "gradient:red-blue"]),
                           ("small.bmp", ["gradient:red-blue"]), ("small.jpg", ["gradient:red-blue"])]:
            try:
                data = subprocess.run(["convert", "-size", "13x7"] + args + [name.split(".")[-1] + ":-"],
                                      check=True, capture_output=True).stdout
                images.append((name, data))
            except (OSError, subprocess.CalledProcessError):
                pass
    if shutil.which("convert"):  # Adam7 interlacing, which Pillow cannot write
        try:
            data = subprocess.run(["convert", "-size", "13x7", "gradient:red-blue", "-interlace", "PNG", "png:-"],
                                  check=True, capture_output=True).stdout
            images.append(("interlaced.png", data))
        except (OSError, subprocess.CalledProcessError):
            pass
    return images


def labels_zip(prefix, text):
    """`prefix` (a model) with a zip of labels.txt appended, offsets counted from the start of the file."""
    buffer = io.BytesIO()
    buffer.write(prefix)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("labels.txt", text)
        archive.writestr(zipfile.ZipInfo("deflated.txt"), text * 3, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def main():
    fixtures, out = sys.argv[1], sys.argv[2]
    models_dir = os.path.join(fixtures, "models")
    for name in sorted(os.listdir(models_dir)):
        if not name.endswith(".tflite"):
            continue
        data = open(os.path.join(models_dir, name), "rb").read()
        if len(data) <= MAX_MODEL:
            write(out, "FuzzTFLite", name, data)
        try:
            options, metadata = model_parts(data)
        except (struct.error, IndexError):
            continue
        for i, custom in enumerate(options):
            if len(custom) <= MAX_MODEL:
                write(out, "FuzzEdgeTPUPackage", f"{name}.op{i}", custom)
        if metadata:
            write(out, "FuzzMetadata", f"{name}.metadata", b"\x00" + metadata)
    for name in ["iris_lite.tflite", "model_invoking_error.tflite"]:
        path = os.path.join(models_dir, name)
        if os.path.exists(path):
            write(out, "FuzzMetadata", f"{name}.zip", b"\x01" + labels_zip(open(path, "rb").read(), "setosa\nversicolor\nvirginica\n"))
    images_dir = os.path.join(fixtures, "images")
    for name in sorted(os.listdir(images_dir)):
        data = open(os.path.join(images_dir, name), "rb").read()
        write(out, "FuzzBMP" if name.endswith(".bmp") else "FuzzJPEGPNG", name, data)
    for name, data in small_images():
        write(out, "FuzzBMP" if name.endswith(".bmp") else "FuzzJPEGPNG", name, data)
    labels_dir = os.path.join(fixtures, "labels")
    for name in sorted(os.listdir(labels_dir)):
        write(out, "FuzzLabels", name, open(os.path.join(labels_dir, name), "rb").read())
    write(out, "FuzzLabels", "indexed_small.txt", b"0 background\n1: cat\n2\tdog\n\n7  bird\n")


if __name__ == "__main__":
    main()
