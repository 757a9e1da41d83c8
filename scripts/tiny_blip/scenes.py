"""Synthetic scenes for the tiny BLIP captioner: drawing + captions.

A scene is a 64x64 RGB picture with one or two coloured shapes. The picture
fully determines its caption:

* two shapes: one in the left column, one in the right column
  -> "a small red circle on the left and a large blue square on the right"
* one shape: on the left, in the middle or on the right
  -> "a large green triangle in the middle"

Sizes come in two classes with a gap between them (small: half-extent 5..8 px,
large: 11..14 px; the cut-off is SIZE_CUT = 9.5 px), so every training scene is
unambiguous. `near_tie_scene` draws shapes whose size sits exactly on the
cut-off (or whose colour sits between two colour names): those are the scenes
where the model is genuinely unsure and where bf16/int8 weights can flip a
caption.

Shapes are drawn at 4x resolution and downsampled (box filter), so sizes and
positions are continuous. Everything is driven by a `random.Random` seeded by
the caller: same seed, same scenes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, asdict

import numpy as np
from PIL import Image, ImageDraw

IMAGE_SIZE = 64
SS = 4  # supersampling factor

COLORS = {
    "red": (215, 40, 40),
    "green": (40, 160, 60),
    "blue": (45, 80, 215),
    "yellow": (230, 200, 30),
    "purple": (135, 55, 175),
    "orange": (245, 135, 25),
}
SHAPES = ("circle", "square", "triangle")
SMALL = (5.0, 8.0)  # half-extent range in px
LARGE = (11.0, 14.0)
SIZE_CUT = 9.5
POSITIONS_ONE = ("left", "middle", "right")

# Every word a caption can contain (the tokenizer's word list).
CAPTION_WORDS = sorted(
    set("a small large on the left right in middle and".split())
    | set(COLORS)
    | set(SHAPES)
)


@dataclass
class Shape:
    shape: str
    color: str
    size: float  # half-extent in px
    cx: float
    cy: float
    rgb: tuple  # actual fill colour (jittered)
    size_word: str = ""  # "small"/"large"; for near-tie scenes the nominal word

    def __post_init__(self):
        if not self.size_word:
            self.size_word = "small" if self.size < SIZE_CUT else "large"


@dataclass
class Scene:
    shapes: list  # list[Shape]
    layout: str  # "pair" | "left" | "middle" | "right"
    background: tuple
    noise_seed: int

    def caption(self) -> str:
        def np_(s: Shape) -> str:
            return f"a {s.size_word} {s.color} {s.shape}"

        if self.layout == "pair":
            a, b = self.shapes
            return f"{np_(a)} on the left and {np_(b)} on the right"
        (s,) = self.shapes
        where = "in the middle" if self.layout == "middle" else f"on the {self.layout}"
        return f"{np_(s)} {where}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["caption"] = self.caption()
        return d


def _jitter_rgb(rng: random.Random, rgb, amount=12):
    return tuple(int(min(255, max(0, c + rng.randint(-amount, amount)))) for c in rgb)


def _shape(rng: random.Random, col_lo: float, col_hi: float, size=None, color=None, shape=None, rgb=None) -> Shape:
    if size is None:
        lo, hi = SMALL if rng.random() < 0.5 else LARGE
        size = rng.uniform(lo, hi)
    color = color or rng.choice(list(COLORS))
    shape = shape or rng.choice(SHAPES)
    margin = size + 1.0
    cx_lo, cx_hi = col_lo + margin, col_hi - margin
    if cx_lo > cx_hi:
        cx_lo = cx_hi = (col_lo + col_hi) / 2
    cx = rng.uniform(cx_lo, cx_hi)
    cy = rng.uniform(margin, IMAGE_SIZE - margin)
    if rgb is None:
        rgb = _jitter_rgb(rng, COLORS[color])
    return Shape(shape=shape, color=color, size=size, cx=cx, cy=cy, rgb=rgb)


def _column(layout: str, side: str):
    """x-range (px) allowed for a shape."""
    if layout == "pair":
        return (0.0, 32.0) if side == "left" else (32.0, 64.0)
    return {"left": (0.0, 26.0), "middle": (20.0, 44.0), "right": (38.0, 64.0)}[layout]


def random_scene(rng: random.Random) -> Scene:
    bg = tuple(rng.randint(225, 255) for _ in range(3))
    if rng.random() < 0.6:
        layout = "pair"
        shapes = [_shape(rng, *_column("pair", "left")), _shape(rng, *_column("pair", "right"))]
    else:
        layout = rng.choice(POSITIONS_ONE)
        shapes = [_shape(rng, *_column(layout, layout))]
    return Scene(shapes=shapes, layout=layout, background=bg, noise_seed=rng.randrange(2**31))


def near_tie_scene(rng: random.Random) -> Scene:
    """A scene with one shape whose size sits on (or next to) the small/large cut-off.

    The nominal caption uses the word the cut-off rule gives (size < SIZE_CUT is
    small); the picture cannot really decide, which is the point.
    """
    sc = random_scene(rng)
    s = rng.choice(sc.shapes)
    s.size = SIZE_CUT + rng.uniform(-0.6, 0.6)
    s.size_word = "small" if s.size < SIZE_CUT else "large"
    # re-clamp the centre to the column so the bigger shape stays inside
    side = "left" if sc.layout == "pair" and s is sc.shapes[0] else ("right" if sc.layout == "pair" else sc.layout)
    lo, hi = _column(sc.layout, side)
    m = s.size + 1.0
    s.cx = min(max(s.cx, lo + m), hi - m)
    s.cy = min(max(s.cy, m), IMAGE_SIZE - m)
    return sc


def _draw_shape(d: ImageDraw.ImageDraw, s: Shape, ss: int = SS):
    cx, cy, r = s.cx * ss, s.cy * ss, s.size * ss
    if s.shape == "circle":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=s.rgb)
    elif s.shape == "square":
        q = r * 0.9  # squares look bigger than circles of the same extent
        d.rectangle([cx - q, cy - q, cx + q, cy + q], fill=s.rgb)
    else:
        h = r * 1.1
        d.polygon([(cx, cy - h), (cx - h, cy + h * 0.8), (cx + h, cy + h * 0.8)], fill=s.rgb)


def render(scene: Scene, ss: int = SS) -> np.ndarray:
    """uint8 [64, 64, 3]; ss = supersampling factor (training uses 4; the near-tie
    search uses 16 so that sizes move in 1/16-px steps)."""
    big = Image.new("RGB", (IMAGE_SIZE * ss, IMAGE_SIZE * ss), scene.background)
    d = ImageDraw.Draw(big)
    for s in scene.shapes:
        _draw_shape(d, s, ss)
    img = np.asarray(big.resize((IMAGE_SIZE, IMAGE_SIZE), Image.BOX), dtype=np.int16)
    noise = np.random.default_rng(scene.noise_seed).integers(-6, 7, size=img.shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


def blend(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """uint8 blend of two renders (used to walk continuously across a size cut-off)."""
    return np.clip(np.rint(a.astype(np.float64) * (1 - t) + b.astype(np.float64) * t), 0, 255).astype(np.uint8)


def scene_set(seed: int, n: int):
    """A fixed, reproducible set of n scenes: list of (Scene, uint8 image)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sc = random_scene(rng)
        out.append((sc, render(sc)))
    return out


# Fixed seeds (train scenes are drawn on the fly from TRAIN_SEED's stream).
TRAIN_SEED = 1234
VAL_SEED = 1001  # 200 scenes checked during training
TEST_SEED = 2002  # 500 held-out scenes for evaluate.py
SAMPLE_SEED = 3003  # shipped samples
NEAR_TIE_SEED = 4004  # near-tie flip search


if __name__ == "__main__":
    import sys

    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    for i in range(8):
        sc = random_scene(rng)
        Image.fromarray(render(sc)).save(f"/tmp/scene_{i}.png")
        print(f"/tmp/scene_{i}.png", sc.caption())
