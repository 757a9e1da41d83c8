"""Golden values for app/models/image (the PNG decoder): what Pillow gives for
`Image.open(path).convert("RGB")` on PNGs of every colour type, bit depth, interlace
and transparent-pixel case, plus one JPEG (for the browser-decoder measurement) and
BlipImageProcessor's pixel_values for one RGBA PNG.

Run:  flock /tmp/torch.lock /usr/bin/python3 scripts/goldens/pil_decode.py
Writes app/models/image/fixtures/*.png, *.jpg and app/models/image/goldens/pil-decode.json
(seeded, reproducible). The PNGs are written by our own encoder below (Pillow cannot write
Adam7 or 2-bit greyscale), with every row's filter type cycling through 0-4; Pillow is the
reference decoder. One PNG is written by Pillow itself (its adaptive filters).
"""
import hashlib
import json
import random
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "app" / "models" / "image" / "fixtures"
OUT = ROOT / "app" / "models" / "image" / "goldens" / "pil-decode.json"

CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(samples, depth):
    """One row of sample values (ints) → packed bytes, big-endian, MSB first."""
    if depth == 16:
        return b"".join(struct.pack(">H", int(s)) for s in samples)
    if depth == 8:
        return bytes(int(s) for s in samples)
    out, acc, bits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | int(s)
        bits += depth
        if bits == 8:
            out.append(acc)
            acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def filter_row(kind, row, prev, bpp):
    out = bytearray(len(row))
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][kind]
        out[i] = (row[i] - pred) & 0xFF
    return bytes([kind]) + bytes(out)


def encode(samples, ctype, depth, interlace, extra=b"", filter_start=0):
    """samples: array [h, w, channels] of ints → PNG bytes."""
    h, w, ch = samples.shape
    bpp = max(1, ch * depth // 8)
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    raw, k = bytearray(), filter_start
    for x0, y0, dx, dy in passes:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prev = bytes(len(pack_row(sub[0].ravel(), depth)))
        for row in sub:
            packed = pack_row(row.ravel(), depth)
            raw += filter_row(k % 5, packed, prev, bpp)
            k += 1
            prev = packed
    ihdr = struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 1 if interlace else 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def decoded(path):
    img = Image.open(path)
    mode = img.mode
    rgb = np.asarray(img.convert("RGB"), dtype=np.uint8)
    return mode, rgb


def record(name, data, extra_fields, full=False):
    path = FIXTURES / name
    path.write_bytes(data)
    mode, rgb = decoded(path)
    h, w, _ = rgb.shape
    entry = {"file": name, "mode": mode, "width": w, "height": h, **extra_fields}
    flat = rgb.ravel()
    if full or flat.size <= 3 * 32 * 32:
        entry["rgb"] = [int(v) for v in flat]
    else:
        entry["sha256"] = hashlib.sha256(flat.tobytes()).hexdigest()
        entry["pixels"] = [{"x": x, "y": y, "rgb": [int(v) for v in rgb[y, x]]} for x, y in [(0, 0), (w - 1, 0), (w // 2, h // 2), (w - 1, h - 1), (3, h - 2)]]
    return entry


def main():
    rng = np.random.default_rng(14)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    cases = []
    sizes = [(13, 11, False), (13, 11, True), (1, 1, True), (3, 2, True), (9, 17, True)]
    for ctype, depths in [(0, [1, 2, 4, 8, 16]), (2, [8, 16]), (3, [1, 2, 4, 8]), (4, [8, 16]), (6, [8, 16])]:
        for depth in depths:
            for w, h, interlace in sizes:
                if (w, h) != (13, 11) and depth not in (8, 16) and ctype != 3:
                    continue  # the odd sizes for every type at 8/16 bits and for palettes
                ch = CHANNELS[ctype]
                top = (1 << depth) - 1
                samples = rng.integers(0, top + 1, size=(h, w, ch))
                extra = b""
                note = ""
                if ctype == 0 and depth == 16:
                    # Half the values below 300 so Pillow's mode-"I" clipping shows both sides.
                    low = rng.integers(0, 300, size=(h, w, ch))
                    samples = np.where(rng.random((h, w, ch)) < 0.5, low, samples)
                    note = "16-bit grey opens as mode I; convert('RGB') clips to 0-255"
                if ctype == 3:
                    # Fewer PLTE entries than indices used: Pillow reads the rest as grey (i, i, i).
                    entries = max(1, min(256, (top + 1) - 1 if top > 1 else 1))
                    palette = rng.integers(0, 256, size=entries * 3).astype(np.uint8)
                    extra = chunk(b"PLTE", palette.tobytes()) + chunk(b"tRNS", bytes([0, 128][: entries]))
                    note = f"{entries} PLTE entries for indices up to {top}; tRNS present"
                if ctype in (4, 6):
                    # Some fully transparent pixels with a colour: Pillow keeps it.
                    alpha = samples[..., ch - 1]
                    alpha[rng.random((h, w)) < 0.3] = 0
                    note = "alpha 0 on ~30% of pixels"
                if ctype == 2 and depth == 8:
                    extra = chunk(b"tRNS", struct.pack(">HHH", *[int(v) for v in samples[0, 0]])) + chunk(b"gAMA", struct.pack(">I", 100000))
                    note = "tRNS names pixel (0,0)'s colour; gAMA 1.0 (both ignored by convert('RGB'))"
                name = f"c{ctype}-d{depth}-{w}x{h}{'-adam7' if interlace else ''}.png"
                data = encode(samples.astype(np.int64), ctype, depth, interlace, extra, filter_start=len(cases))
                cases.append(record(name, data, {"colorType": ctype, "bitDepth": depth, "interlaced": interlace, "note": note}))
    # Pillow's own encoder (adaptive filters), RGBA with transparent pixels, 200x150: also the pixel_values case.
    yy, xx = np.mgrid[0:150, 0:200]
    rgba = np.stack([(xx * 255 // 199), (yy * 255 // 149), ((xx + yy) * 3) % 256, np.where((xx // 20 + yy // 20) % 3 == 0, 0, 255)], -1).astype(np.uint8)
    rgba[40:90, 60:140, :3] = rng.integers(0, 256, size=(50, 80, 3))
    pil_path = FIXTURES / "pillow-rgba-200x150.png"
    Image.fromarray(rgba, "RGBA").save(pil_path)
    cases.append(record(pil_path.name, pil_path.read_bytes(), {"colorType": 6, "bitDepth": 8, "interlaced": False, "note": "written by Pillow; alpha 0 on a third of the tiles"}))
    # pixel_values as BlipImageProcessor (4.x) computes them: convert RGB, BICUBIC to 64x64 (the tiny BLIP's size),
    # rescale in float64 then float32, normalize in float32, CHW.
    img = Image.open(pil_path).convert("RGB").resize((64, 64), resample=Image.BICUBIC)
    x = (np.asarray(img).astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    pixel_values = {"file": pil_path.name, "size": 64, "bits": [int(v) for v in x.transpose(2, 0, 1).astype(np.float32).view(np.uint32).ravel()]}
    # One JPEG (baseline, 4:2:0, quality 90) for the browser decoder's measured difference from Pillow's.
    jpeg_path = FIXTURES / "photo-like-96x64.jpg"
    yy, xx = np.mgrid[0:64, 0:96]
    photo = np.stack([128 + 100 * np.sin(xx / 9.0), 128 + 90 * np.cos(yy / 7.0), (xx * yy) % 256], -1).clip(0, 255).astype(np.uint8)
    photo[20:44, 30:66] = [200, 40, 40]
    Image.fromarray(photo, "RGB").save(jpeg_path, quality=90)
    jpeg = record(jpeg_path.name, jpeg_path.read_bytes(), {"note": "baseline JPEG, quality 90, 4:2:0"}, full=True)
    # Pillow's decode of it, kept losslessly: the e2e test captions both and compares.
    Image.open(jpeg_path).convert("RGB").save(FIXTURES / "photo-like-96x64.pillow.png")
    # EXIF orientation: what Pillow's open() gives (stored pixels) vs what a viewer shows (ImageOps.exif_transpose).
    from PIL import ImageOps
    orientations = []
    stored = rng.integers(0, 256, size=(3, 5, 3)).astype(np.uint8)
    for k in range(1, 9):
        im = Image.fromarray(stored, "RGB")
        im.getexif()[0x0112] = k
        shown = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
        orientations.append({"orientation": k, "width": int(shown.shape[1]), "height": int(shown.shape[0]), "shown": [int(v) for v in shown.ravel()]})
    exif = {"width": 5, "height": 3, "stored": [int(v) for v in stored.ravel()], "cases": orientations}
    # A JPEG whose EXIF says "rotate 90° clockwise" (6): Pillow opens it as stored, 96x64.
    exif_path = FIXTURES / "photo-like-96x64-exif6.jpg"
    ex = Image.Exif()
    ex[0x0112] = 6
    Image.fromarray(photo, "RGB").save(exif_path, quality=90, exif=ex.tobytes())
    Image.open(exif_path).convert("RGB").save(FIXTURES / "photo-like-96x64-exif6.pillow.png")
    OUT.write_text(json.dumps({"pillow": Image.__version__, "cases": cases, "pixel_values": pixel_values, "jpeg": jpeg, "exif": exif}, separators=(",", ":")))
    print("wrote", OUT, len(cases), "PNG cases")


if __name__ == "__main__":
    random.seed(14)
    main()
