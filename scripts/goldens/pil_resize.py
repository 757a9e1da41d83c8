"""Golden values for app/models/blip/resize.ts: Pillow's bicubic resize of RGB images.

Run with Debian's Python (python3-pil):  /usr/bin/python3 scripts/goldens/pil_resize.py
Writes app/models/blip/goldens/pil-bicubic.json (seeded, reproducible).
"""
import json
import random
from pathlib import Path

from PIL import Image

OUT = Path(__file__).resolve().parents[2] / "app" / "models" / "blip" / "goldens" / "pil-bicubic.json"


def case(rng, w, h, ow, oh):
    data = bytes(rng.randrange(256) for _ in range(w * h * 3))
    img = Image.frombytes("RGB", (w, h), data)
    out = img.resize((ow, oh), resample=Image.BICUBIC)
    return {"width": w, "height": h, "outWidth": ow, "outHeight": oh, "input": list(data), "output": list(out.tobytes())}


MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]


def blip_pixel_values(c):
    """BlipImageProcessor's steps after the resize, as transformers does them in numpy:
    rescale in float64 then cast to float32; normalize in float32."""
    import numpy as np
    img = np.frombuffer(bytes(c["output"]), dtype=np.uint8).reshape(c["outHeight"], c["outWidth"], 3)
    x = (img.astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    return [int(v) for v in x.transpose(2, 0, 1).astype(np.float32).view(np.uint32).ravel()]


def main():
    rng = random.Random(14)
    cases = [case(rng, *s) for s in [(13, 9, 6, 5), (7, 5, 20, 17), (50, 80, 64, 64), (64, 64, 64, 64), (100, 3, 31, 7), (3, 40, 9, 40)]]
    blip = {"case": 2, "pixel_values_bits": blip_pixel_values(cases[2])}
    OUT.write_text(json.dumps({"pillow": Image.__version__, "cases": cases, "blip": blip}))
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
