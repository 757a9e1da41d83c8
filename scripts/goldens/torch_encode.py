"""How the torch golden scripts store what torch computed (torch_core.py, torch_cases.py,
torch_reduce.py): tensors as base64 of their raw little-endian storage with dtype and shape, one
JSON file per group in app/torch/goldens/ (see torch_core.py's docstring for the encoding).
"""
import base64
import json
import os
import platform

import numpy as np
import torch

OUT_DIR = os.path.join(os.path.dirname(__file__), '..', '..', 'app', 'torch', 'goldens')

DTYPES = {
    'uint8': torch.uint8, 'int8': torch.int8, 'int16': torch.int16, 'int32': torch.int32,
    'int64': torch.int64, 'float16': torch.float16, 'bfloat16': torch.bfloat16,
    'float32': torch.float32, 'float64': torch.float64,
}
NP_VIEW = {  # numpy dtype whose bytes equal torch's storage bytes
    torch.uint8: np.uint8, torch.int8: np.int8, torch.int16: np.int16, torch.int32: np.int32,
    torch.int64: np.int64, torch.float16: np.uint16, torch.bfloat16: np.uint16,
    torch.float32: np.float32, torch.float64: np.float64,
}


def dtype_name(dt):
    return str(dt).replace('torch.', '')


def storage_b64(t):
    """Raw storage bytes of a contiguous CPU tensor (16-bit floats viewed as int16 words)."""
    t = t.contiguous()
    if t.dtype in (torch.float16, torch.bfloat16):
        arr = t.view(torch.int16).numpy().view(np.uint16)
    else:
        arr = t.numpy()
    return base64.b64encode(np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder('<')).tobytes()).decode()


def encode_tensor(t):
    return {'dtype': dtype_name(t.dtype), 'shape': list(t.shape), 'b64': storage_b64(t)}


def b64_of(arr):
    return base64.b64encode(np.ascontiguousarray(arr).tobytes()).decode()


def write(name, payload):
    payload = {'generator': 'scripts/goldens/torch_core.py', 'torch': torch.__version__,
               'python': platform.python_version(), **payload}
    path = os.path.join(OUT_DIR, name)
    with open(path, 'w') as f:
        json.dump(payload, f, separators=(',', ':'), sort_keys=True)
        f.write('\n')
    print(f'{name}: {os.path.getsize(path)} bytes')


def capture(fn):
    """Result string, or the exception class and message (for error-message goldens)."""
    try:
        return {'ok': fn()}
    except Exception as e:  # noqa: BLE001 - we record whatever torch raises
        return {'error': type(e).__name__, 'message': str(e)}
