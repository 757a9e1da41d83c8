"""BLIP in miniature: a ViT image encoder + a BERT-style caption decoder.

Same architecture (and module names, roughly) as Hugging Face's
BlipForConditionalGeneration:

vision_model (BlipVisionModel): patch-embedding conv, class token, position
  embeddings, pre-LN transformer blocks (LN -> fused-qkv attention -> +res,
  LN -> GELU MLP -> +res), final post_layernorm -> last_hidden_state [B, N, D].
text_decoder (BlipTextLMHeadModel): word + position embeddings with LayerNorm,
  post-LN BERT blocks (causal self-attention, cross-attention to the image
  embeddings, GELU MLP), LM head (dense + GELU + LayerNorm, then a linear layer
  tied to the word embeddings) -> logits [B, T, V].
"""
from __future__ import annotations

import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class VisionConfig:
    image_size: int = 64
    patch_size: int = 8
    num_channels: int = 3
    hidden_size: int = 96
    intermediate_size: int = 384
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    layer_norm_eps: float = 1e-5
    hidden_act: str = "gelu"

    @property
    def num_positions(self):
        return (self.image_size // self.patch_size) ** 2 + 1


@dataclass
class TextConfig:
    vocab_size: int = 64
    hidden_size: int = 96
    encoder_hidden_size: int = 96
    intermediate_size: int = 384
    num_hidden_layers: int = 3
    num_attention_heads: int = 4
    max_position_embeddings: int = 32
    layer_norm_eps: float = 1e-12
    hidden_act: str = "gelu"
    pad_token_id: int = 0
    bos_token_id: int = 0  # [DEC]
    sep_token_id: int = 3  # [SEP], where decoding stops
    eos_token_id: int = 3
    tie_word_embeddings: bool = True  # BLIP-base's LM head has its own matrix (False): 247.4M params


# ----------------------------------------------------------------------------- vision


class VisionAttention(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.h = c.num_attention_heads
        self.qkv = nn.Linear(c.hidden_size, 3 * c.hidden_size)
        self.projection = nn.Linear(c.hidden_size, c.hidden_size)

    def forward(self, x):
        B, N, D = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.h, D // self.h).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        a = torch.softmax(q @ k.transpose(-1, -2) * (D // self.h) ** -0.5, dim=-1)
        return self.projection((a @ v).transpose(1, 2).reshape(B, N, D))


class Mlp(nn.Module):
    def __init__(self, d, i):
        super().__init__()
        self.fc1 = nn.Linear(d, i)
        self.fc2 = nn.Linear(i, d)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class VisionLayer(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.layer_norm1 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.self_attn = VisionAttention(c)
        self.layer_norm2 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.mlp = Mlp(c.hidden_size, c.intermediate_size)

    def forward(self, x):
        x = x + self.self_attn(self.layer_norm1(x))
        return x + self.mlp(self.layer_norm2(x))


class VisionModel(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.config = c
        self.class_embedding = nn.Parameter(torch.randn(1, 1, c.hidden_size) * 0.02)
        self.patch_embedding = nn.Conv2d(c.num_channels, c.hidden_size, c.patch_size, stride=c.patch_size)
        self.position_embedding = nn.Parameter(torch.randn(1, c.num_positions, c.hidden_size) * 0.02)
        self.layers = nn.ModuleList(VisionLayer(c) for _ in range(c.num_hidden_layers))
        self.post_layernorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, pixel_values):
        x = self.patch_embedding(pixel_values).flatten(2).transpose(1, 2)  # [B, P, D]
        cls = self.class_embedding.expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1) + self.position_embedding
        for layer in self.layers:
            x = layer(x)
        return self.post_layernorm(x)  # last_hidden_state


# ----------------------------------------------------------------------------- text


class TextAttention(nn.Module):
    def __init__(self, c: TextConfig, kv_size: int):
        super().__init__()
        self.h = c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(kv_size, c.hidden_size)
        self.value = nn.Linear(kv_size, c.hidden_size)
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)  # BertSelfOutput.dense
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, x, kv, bias):
        B, T, D = x.shape
        S = kv.shape[1]
        dh = D // self.h
        q = self.query(x).reshape(B, T, self.h, dh).transpose(1, 2)
        k = self.key(kv).reshape(B, S, self.h, dh).transpose(1, 2)
        v = self.value(kv).reshape(B, S, self.h, dh).transpose(1, 2)
        s = q @ k.transpose(-1, -2) / math.sqrt(dh)
        if bias is not None:
            s = s + bias
        a = torch.softmax(s, dim=-1)
        o = (a @ v).transpose(1, 2).reshape(B, T, D)
        return self.LayerNorm(self.dense(o) + x)  # post-LN


class TextLayer(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.attention = TextAttention(c, c.hidden_size)
        self.crossattention = TextAttention(c, c.encoder_hidden_size)
        self.intermediate = nn.Linear(c.hidden_size, c.intermediate_size)
        self.output = nn.Linear(c.intermediate_size, c.hidden_size)
        self.output_LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, x, self_bias, enc, enc_bias):
        x = self.attention(x, x, self_bias)
        x = self.crossattention(x, enc, enc_bias)
        return self.output_LayerNorm(self.output(F.gelu(self.intermediate(x))) + x)


class TextDecoder(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.config = c
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=c.pad_token_id)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.embeddings_LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.layers = nn.ModuleList(TextLayer(c) for _ in range(c.num_hidden_layers))
        # LM head = BlipTextLMPredictionHead: transform + decoder (tied to word embeddings)
        self.transform_dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.transform_LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.lm_bias = nn.Parameter(torch.zeros(c.vocab_size))
        if not c.tie_word_embeddings:
            self.lm_decoder = nn.Linear(c.hidden_size, c.vocab_size, bias=False)

    def forward(self, input_ids, attention_mask, encoder_hidden_states, encoder_attention_mask=None):
        B, T = input_ids.shape
        pos = torch.arange(T, device=input_ids.device).unsqueeze(0)
        x = self.embeddings_LayerNorm(self.word_embeddings(input_ids) + self.position_embeddings(pos))
        # causal + padding mask as an additive bias [B, 1, T, T]
        causal = torch.ones(T, T, device=input_ids.device).tril()
        keep = causal[None, None] * attention_mask[:, None, None, :].to(x.dtype)
        self_bias = (1.0 - keep) * -10000.0
        enc_bias = None
        if encoder_attention_mask is not None:
            enc_bias = (1.0 - encoder_attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, self_bias, encoder_hidden_states, enc_bias)
        h = self.transform_LayerNorm(F.gelu(self.transform_dense(x)))
        w = self.word_embeddings.weight if self.config.tie_word_embeddings else self.lm_decoder.weight
        return F.linear(h, w, self.lm_bias)  # logits


class TinyBlip(nn.Module):
    def __init__(self, vision: VisionConfig, text: TextConfig):
        super().__init__()
        self.vision_model = VisionModel(vision)
        self.text_decoder = TextDecoder(text)
        self.apply(_init)

    def forward(self, pixel_values, input_ids, attention_mask):
        return self.text_decoder(input_ids, attention_mask, self.vision_model(pixel_values))

    def configs(self):
        return self.vision_model.config, self.text_decoder.config


def _init(m):
    if isinstance(m, (nn.Linear, nn.Embedding)):
        nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.LayerNorm):
        nn.init.ones_(m.weight)
        nn.init.zeros_(m.bias)


def footprint_bytes(model: nn.Module) -> int:
    """Like HF get_memory_footprint(): parameter bytes + buffer bytes (tied weights once)."""
    return sum(p.numel() * p.element_size() for p in model.parameters()) + \
        sum(b.numel() * b.element_size() for b in model.buffers())


def param_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# ----------------------------------------------------------------------------- pre-processing + decoding

IMAGE_MEAN = (0.48145466, 0.4578275, 0.40821073)
IMAGE_STD = (0.26862954, 0.26130258, 0.27577711)


def preprocess(images_uint8) -> torch.Tensor:
    """uint8 [B, H, W, 3] (numpy) -> float32 [B, 3, H, W]: rescale 1/255, normalize (BlipImageProcessor)."""
    x = torch.as_tensor(images_uint8).float().permute(0, 3, 1, 2) * (1 / 255)
    mean = torch.tensor(IMAGE_MEAN, dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(IMAGE_STD, dtype=torch.float32).view(1, 3, 1, 1)
    return (x - mean) / std


@torch.no_grad()
def greedy(model: TinyBlip, pixel_values, max_len=24, return_logits=False):
    """Greedy decoding from [DEC] until [SEP] (no KV cache, like the browser runtime).

    Returns token ids per sample (without [DEC], without [SEP]) and optionally the
    per-step logits [B, steps, V] of the generated positions."""
    c = model.text_decoder.config
    enc = model.vision_model(pixel_values)
    B = enc.shape[0]
    ids = torch.full((B, 1), c.bos_token_id, dtype=torch.long)
    done = torch.zeros(B, dtype=torch.bool)
    steps = []
    for _ in range(max_len):
        logits = model.text_decoder(ids, torch.ones_like(ids), enc)[:, -1]
        steps.append(logits)
        nxt = logits.argmax(-1)
        nxt = torch.where(done, torch.full_like(nxt, c.pad_token_id), nxt)
        ids = torch.cat([ids, nxt[:, None]], dim=1)
        done |= nxt == c.sep_token_id
        if done.all():
            break
    out = []
    for row in ids[:, 1:].tolist():
        seq = []
        for t in row:
            if t == c.sep_token_id or t == c.pad_token_id:
                break
            seq.append(t)
        out.append(seq)
    if return_logits:
        return out, torch.stack(steps, 1)
    return out


@torch.no_grad()
def teacher_forced_logits(model: TinyBlip, pixel_values, seqs):
    """Logits at every step of given sequences (each fed as [DEC] + seq, predicting seq + [SEP])."""
    c = model.text_decoder.config
    enc = model.vision_model(pixel_values)
    T = max(len(s) for s in seqs) + 1
    ids = torch.full((len(seqs), T), c.pad_token_id, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, s in enumerate(seqs):
        row = [c.bos_token_id] + list(s)
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return model.text_decoder(ids, mask, enc)


# ----------------------------------------------------------------------------- weight variants


def bf16_weights(model: nn.Module) -> nn.Module:
    """Every parameter rounded to bfloat16 (round-to-nearest-even) and back to float32."""
    import copy
    m = copy.deepcopy(model)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(p.to(torch.bfloat16).to(torch.float32))
    return m


def int8_weights(model: nn.Module) -> nn.Module:
    """Weight-only int8: per-output-channel symmetric (scale = max|w|/127, zero point 0),
    dequantized back to float32, for every Linear/Conv2d/Embedding weight (the tied LM
    head shares the word-embedding rows). Biases, LayerNorms, class/position
    embeddings stay float32."""
    import copy
    m = copy.deepcopy(model)
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, (nn.Linear, nn.Conv2d, nn.Embedding)):
                w = mod.weight
                flat = w.reshape(w.shape[0], -1)
                scale = flat.abs().amax(1).clamp_min(1e-12) / 127.0
                q = torch.clamp(torch.round(flat / scale[:, None]), -127, 127)
                w.copy_((q * scale[:, None]).reshape(w.shape))
    return m


def config_dicts(model: TinyBlip):
    v, t = model.configs()
    return asdict(v), asdict(t)


def from_checkpoint(path) -> TinyBlip:
    ck = torch.load(path, map_location="cpu")
    m = TinyBlip(VisionConfig(**ck["vision_config"]), TextConfig(**ck["text_config"]))
    m.load_state_dict(ck["model"])
    m.eval()
    return m
