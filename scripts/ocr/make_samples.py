#!/usr/bin/env python3
"""Renders the OCR sample crops: 48 px high text lines in DejaVu fonts (Debian's fonts-dejavu).

Writes public/samples/ocr/NN.png (8-bit RGB, non-interlaced, decodable by app/onnx/png-decode.ts)
and public/samples/ocr/samples.json ([{file, text, font}]). Deterministic: fixed texts, fonts,
colours and offsets, so reruns give the same files. Run: /usr/bin/python3 scripts/ocr/make_samples.py
"""
import json
import os

from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'public', 'samples', 'ocr')
FONTS = {
    'DejaVu Sans': '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    'DejaVu Serif': '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
    'DejaVu Sans Mono': '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
    'DejaVu Sans Bold': '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
}
TEXTS = [
    'Hello', 'quantization', 'ONNX', 'int8', 'float16', '3.14159', '2024-05-17', '$19.99',
    'scale=0.0078', 'Lab #42', 'x + y', '100%', 'bfloat16', 'zero_point', 'per-channel', 'Q4_K_M',
    'MatMul', '(a, b)', 'error: 0.5', 'sample 21', 'OK!', 'tokens/s', '7 x 8 = 56', 'v1.30.0',
]
HEIGHT = 48


def render(text, font_path, size, fg, bg):
    font = ImageFont.truetype(font_path, size)
    left, top, right, bottom = font.getbbox(text)
    width = right - left + 16
    img = Image.new('RGB', (width, HEIGHT), bg)
    # Centre the ink box vertically; a little margin like a detector's crop.
    y = (HEIGHT - (bottom - top)) // 2 - top
    ImageDraw.Draw(img).text((8 - left, y), text, font=font, fill=fg)
    return img


def main():
    os.makedirs(OUT, exist_ok=True)
    names = list(FONTS)
    entries = []
    for i, text in enumerate(TEXTS):
        font = names[i % len(names)]
        size = (30, 28, 26, 32)[i % 4]
        fg = ((0, 0, 0), (20, 20, 90), (60, 30, 0))[i % 3]
        bg = ((255, 255, 255), (245, 240, 225), (230, 236, 245))[i % 3]
        file = f'{i:02d}.png'
        render(text, FONTS[font], size, fg, bg).save(os.path.join(OUT, file), optimize=False)
        entries.append({'file': file, 'text': text, 'font': font})
    with open(os.path.join(OUT, 'samples.json'), 'w') as f:
        json.dump(entries, f, indent=1)
        f.write('\n')
    print(f'wrote {len(entries)} samples to {OUT}')


if __name__ == '__main__':
    main()
