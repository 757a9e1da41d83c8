;; WebAssembly SIMD kernels for quant/simd.ts. After editing, regenerate simd-bytes.ts:
;;   wat2wasm app/torch/quant/simd.wat -o /tmp/simd.wasm && base64 -w0 /tmp/simd.wasm
;; (wat2wasm is in Debian's wabt package.) The loops are written out 16 lanes at a time.
;;
;; Memory layout (3 pages): one chunk of CH = 16384 elements at a time
;;   [0, 65536)       float32 input / output chunk
;;   [65536, 81920)   int8 / uint8 chunk
;; Every kernel works on elements [base, base + n) of the chunk, n a multiple of 16 (the
;; caller does the last n % 16 elements of a run in JS). The loops test at the bottom: V8 then
;; keeps the splatted constants out of the loop body.
;;
;; Same results as the scalar loops of quant/affine.ts, lane by lane:
;;   t = f32(x * inv)                                      float32 multiply, like torch
;;   t >= 2^63 -> NaN (or-ing in the all-ones compare mask), torch's float -> int64 cast quirk
;;       (there, zp + t >= 2^63 exactly when t >= 2^63), which then goes where NaN goes:
;;   c = clamp(t, qmin - zp, qmax - zp); NaN -> qmin - zp  (pmax(lo, NaN) is lo; clamping
;;       before rounding is the same as after, the bounds being integers)
;;   m = c + 1.5 * 2^23 rounds c to an integer, ties to even (|c| < 2^22), and leaves it in the
;;       low mantissa bits: the bits of m are 0x4B400000 + c
;;   quantize: q + k = (m bits) + (zp + k - 0x4B400000) lies in [0, 255] (k = 128 for signed
;;       targets, 0 for unsigned; the caller passes zp + k as $zp and k as $flip), so two
;;       saturating narrows (i32 -> i16 -> u8) are exact, and xor with k gives q's byte
;;   dequantize: f32(f32(q - zp) * s) per tensor, f32(f64(q - zp) * s) per channel, q - zp = c
;;       being m - 1.5 * 2^23 (exact)
(module
  (memory (export "mem") 3)

  (func (export "quantize") (param $base i32) (param $n i32) (param $inv f32) (param $zp i32) (param $lo f32) (param $hi f32) (param $flip i32)
    (local $i i32) (local $p i32) (local $c v128) (local $m v128) (local $vinv v128) (local $vzp v128) (local $vlo v128) (local $vhi v128)
    (local $vbig v128) (local $vmagic v128) (local $vs v128) (local $vflip v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $vinv (f32x4.splat (local.get $inv)))
    (local.set $vzp (i32x4.splat (i32.sub (local.get $zp) (i32.const 0x4B400000))))
    (local.set $vlo (f32x4.splat (local.get $lo)))
    (local.set $vhi (f32x4.splat (local.get $hi)))
    (local.set $vbig (f32x4.splat (f32.const 0x1p63)))
    (local.set $vmagic (f32x4.splat (f32.const 12582912)))
    (local.set $vflip (i8x16.splat (local.get $flip)))
    (local.set $i (local.get $base))
    (local.set $n (i32.add (local.get $base) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (loop $next
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (local.set $c (f32x4.mul (v128.load offset=0 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b0 (i32x4.add (local.get $m) (local.get $vzp)))
        (local.set $c (f32x4.mul (v128.load offset=16 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b1 (i32x4.add (local.get $m) (local.get $vzp)))
        (local.set $c (f32x4.mul (v128.load offset=32 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b2 (i32x4.add (local.get $m) (local.get $vzp)))
        (local.set $c (f32x4.mul (v128.load offset=48 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b3 (i32x4.add (local.get $m) (local.get $vzp)))
        (v128.store offset=65536 (local.get $i)
          (v128.xor (local.get $vflip) (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_s (local.get $b0) (local.get $b1))
            (i16x8.narrow_i32x4_s (local.get $b2) (local.get $b3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))

  (func (export "quantize_dequantize32") (param $base i32) (param $n i32) (param $inv f32) (param $zp i32) (param $lo f32) (param $hi f32) (param $flip i32) (param $s f32)
    (local $i i32) (local $p i32) (local $c v128) (local $m v128) (local $vinv v128) (local $vzp v128) (local $vlo v128) (local $vhi v128)
    (local $vbig v128) (local $vmagic v128) (local $vs v128) (local $vflip v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $vinv (f32x4.splat (local.get $inv)))
    (local.set $vzp (i32x4.splat (i32.sub (local.get $zp) (i32.const 0x4B400000))))
    (local.set $vlo (f32x4.splat (local.get $lo)))
    (local.set $vhi (f32x4.splat (local.get $hi)))
    (local.set $vbig (f32x4.splat (f32.const 0x1p63)))
    (local.set $vmagic (f32x4.splat (f32.const 12582912)))
    (local.set $vflip (i8x16.splat (local.get $flip)))
    (local.set $vs (f32x4.splat (local.get $s)))
    (local.set $i (local.get $base))
    (local.set $n (i32.add (local.get $base) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (loop $next
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (local.set $c (f32x4.mul (v128.load offset=0 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b0 (i32x4.add (local.get $m) (local.get $vzp)))
        (v128.store offset=0 (local.get $p) (f32x4.mul (f32x4.sub (local.get $m) (local.get $vmagic)) (local.get $vs)))
        (local.set $c (f32x4.mul (v128.load offset=16 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b1 (i32x4.add (local.get $m) (local.get $vzp)))
        (v128.store offset=16 (local.get $p) (f32x4.mul (f32x4.sub (local.get $m) (local.get $vmagic)) (local.get $vs)))
        (local.set $c (f32x4.mul (v128.load offset=32 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b2 (i32x4.add (local.get $m) (local.get $vzp)))
        (v128.store offset=32 (local.get $p) (f32x4.mul (f32x4.sub (local.get $m) (local.get $vmagic)) (local.get $vs)))
        (local.set $c (f32x4.mul (v128.load offset=48 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b3 (i32x4.add (local.get $m) (local.get $vzp)))
        (v128.store offset=48 (local.get $p) (f32x4.mul (f32x4.sub (local.get $m) (local.get $vmagic)) (local.get $vs)))
        (v128.store offset=65536 (local.get $i)
          (v128.xor (local.get $vflip) (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_s (local.get $b0) (local.get $b1))
            (i16x8.narrow_i32x4_s (local.get $b2) (local.get $b3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))

  (func (export "quantize_dequantize64") (param $base i32) (param $n i32) (param $inv f32) (param $zp i32) (param $lo f32) (param $hi f32) (param $flip i32) (param $s f64)
    (local $i i32) (local $p i32) (local $c v128) (local $m v128) (local $vinv v128) (local $vzp v128) (local $vlo v128) (local $vhi v128)
    (local $vbig v128) (local $vmagic v128) (local $vs v128) (local $vflip v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $vinv (f32x4.splat (local.get $inv)))
    (local.set $vzp (i32x4.splat (i32.sub (local.get $zp) (i32.const 0x4B400000))))
    (local.set $vlo (f32x4.splat (local.get $lo)))
    (local.set $vhi (f32x4.splat (local.get $hi)))
    (local.set $vbig (f32x4.splat (f32.const 0x1p63)))
    (local.set $vmagic (f32x4.splat (f32.const 12582912)))
    (local.set $vflip (i8x16.splat (local.get $flip)))
    (local.set $vs (f64x2.splat (local.get $s)))
    (local.set $i (local.get $base))
    (local.set $n (i32.add (local.get $base) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (loop $next
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (local.set $c (f32x4.mul (v128.load offset=0 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b0 (i32x4.add (local.get $m) (local.get $vzp)))
        (local.set $m (f32x4.sub (local.get $m) (local.get $vmagic)))
        (v128.store offset=0 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $m)) (local.get $vs)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $m) (local.get $m))) (local.get $vs)))))
        (local.set $c (f32x4.mul (v128.load offset=16 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b1 (i32x4.add (local.get $m) (local.get $vzp)))
        (local.set $m (f32x4.sub (local.get $m) (local.get $vmagic)))
        (v128.store offset=16 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $m)) (local.get $vs)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $m) (local.get $m))) (local.get $vs)))))
        (local.set $c (f32x4.mul (v128.load offset=32 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b2 (i32x4.add (local.get $m) (local.get $vzp)))
        (local.set $m (f32x4.sub (local.get $m) (local.get $vmagic)))
        (v128.store offset=32 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $m)) (local.get $vs)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $m) (local.get $m))) (local.get $vs)))))
        (local.set $c (f32x4.mul (v128.load offset=48 (local.get $p)) (local.get $vinv)))
        (local.set $m (f32x4.add (f32x4.pmin (f32x4.pmax (local.get $vlo)
            (v128.or (local.get $c) (f32x4.ge (local.get $c) (local.get $vbig)))) (local.get $vhi)) (local.get $vmagic)))
        (local.set $b3 (i32x4.add (local.get $m) (local.get $vzp)))
        (local.set $m (f32x4.sub (local.get $m) (local.get $vmagic)))
        (v128.store offset=48 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $m)) (local.get $vs)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $m) (local.get $m))) (local.get $vs)))))
        (v128.store offset=65536 (local.get $i)
          (v128.xor (local.get $vflip) (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_s (local.get $b0) (local.get $b1))
            (i16x8.narrow_i32x4_s (local.get $b2) (local.get $b3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))

  (func (export "dequantize32_s") (param $base i32) (param $n i32) (param $zp i32) (param $s f32)
    (local $i i32) (local $p i32) (local $vzp v128) (local $vs v128) (local $bytes v128) (local $lo16 v128) (local $hi16 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local.set $vzp (i32x4.splat (local.get $zp)))
    (local.set $vs (f32x4.splat (local.get $s)))
    (local.set $i (local.get $base))
    (local.set $n (i32.add (local.get $base) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (loop $next
        (local.set $bytes (v128.load offset=65536 (local.get $i)))
        (local.set $lo16 (i16x8.extend_low_i8x16_s (local.get $bytes)))
        (local.set $hi16 (i16x8.extend_high_i8x16_s (local.get $bytes)))
        (local.set $d0 (i32x4.sub (i32x4.extend_low_i16x8_s (local.get $lo16)) (local.get $vzp)))
        (local.set $d1 (i32x4.sub (i32x4.extend_high_i16x8_s (local.get $lo16)) (local.get $vzp)))
        (local.set $d2 (i32x4.sub (i32x4.extend_low_i16x8_s (local.get $hi16)) (local.get $vzp)))
        (local.set $d3 (i32x4.sub (i32x4.extend_high_i16x8_s (local.get $hi16)) (local.get $vzp)))
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (v128.store offset=0 (local.get $p)
          (f32x4.mul (f32x4.convert_i32x4_s (local.get $d0)) (local.get $vs)))
        (v128.store offset=16 (local.get $p)
          (f32x4.mul (f32x4.convert_i32x4_s (local.get $d1)) (local.get $vs)))
        (v128.store offset=32 (local.get $p)
          (f32x4.mul (f32x4.convert_i32x4_s (local.get $d2)) (local.get $vs)))
        (v128.store offset=48 (local.get $p)
          (f32x4.mul (f32x4.convert_i32x4_s (local.get $d3)) (local.get $vs)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))

  (func (export "dequantize32_u") (param $base i32) (param $n i32) (param $zp i32) (param $s f32)
    (local $i i32) (local $p i32) (local $vzp v128) (local $vs v128) (local $bytes v128) (local $lo16 v128) (local $hi16 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local.set $vzp (i32x4.splat (local.get $zp)))
    (local.set $vs (f32x4.splat (local.get $s)))
    (local.set $i (local.get $base))
    (local.set $n (i32.add (local.get $base) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (loop $next
        (local.set $bytes (v128.load offset=65536 (local.get $i)))
        (local.set $lo16 (i16x8.extend_low_i8x16_u (local.get $bytes)))
        (local.set $hi16 (i16x8.extend_high_i8x16_u (local.get $bytes)))
        (local.set $d0 (i32x4.sub (i32x4.extend_low_i16x8_u (local.get $lo16)) (local.get $vzp)))
        (local.set $d1 (i32x4.sub (i32x4.extend_high_i16x8_u (local.get $lo16)) (local.get $vzp)))
        (local.set $d2 (i32x4.sub (i32x4.extend_low_i16x8_u (local.get $hi16)) (local.get $vzp)))
        (local.set $d3 (i32x4.sub (i32x4.extend_high_i16x8_u (local.get $hi16)) (local.get $vzp)))
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (v128.store offset=0 (local.get $p)
          (f32x4.mul (f32x4.convert_i32x4_s (local.get $d0)) (local.get $vs)))
        (v128.store offset=16 (local.get $p)
          (f32x4.mul (f32x4.convert_i32x4_s (local.get $d1)) (local.get $vs)))
        (v128.store offset=32 (local.get $p)
          (f32x4.mul (f32x4.convert_i32x4_s (local.get $d2)) (local.get $vs)))
        (v128.store offset=48 (local.get $p)
          (f32x4.mul (f32x4.convert_i32x4_s (local.get $d3)) (local.get $vs)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))

  (func (export "dequantize64_s") (param $base i32) (param $n i32) (param $zp i32) (param $s f64)
    (local $i i32) (local $p i32) (local $vzp v128) (local $vs v128) (local $bytes v128) (local $lo16 v128) (local $hi16 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local.set $vzp (i32x4.splat (local.get $zp)))
    (local.set $vs (f64x2.splat (local.get $s)))
    (local.set $i (local.get $base))
    (local.set $n (i32.add (local.get $base) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (loop $next
        (local.set $bytes (v128.load offset=65536 (local.get $i)))
        (local.set $lo16 (i16x8.extend_low_i8x16_s (local.get $bytes)))
        (local.set $hi16 (i16x8.extend_high_i8x16_s (local.get $bytes)))
        (local.set $d0 (i32x4.sub (i32x4.extend_low_i16x8_s (local.get $lo16)) (local.get $vzp)))
        (local.set $d1 (i32x4.sub (i32x4.extend_high_i16x8_s (local.get $lo16)) (local.get $vzp)))
        (local.set $d2 (i32x4.sub (i32x4.extend_low_i16x8_s (local.get $hi16)) (local.get $vzp)))
        (local.set $d3 (i32x4.sub (i32x4.extend_high_i16x8_s (local.get $hi16)) (local.get $vzp)))
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (v128.store offset=0 (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $d0)) (local.get $vs)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d0) (local.get $d0))) (local.get $vs)))))
        (v128.store offset=16 (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $d1)) (local.get $vs)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d1) (local.get $d1))) (local.get $vs)))))
        (v128.store offset=32 (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $d2)) (local.get $vs)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d2) (local.get $d2))) (local.get $vs)))))
        (v128.store offset=48 (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $d3)) (local.get $vs)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d3) (local.get $d3))) (local.get $vs)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))

  (func (export "dequantize64_u") (param $base i32) (param $n i32) (param $zp i32) (param $s f64)
    (local $i i32) (local $p i32) (local $vzp v128) (local $vs v128) (local $bytes v128) (local $lo16 v128) (local $hi16 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local.set $vzp (i32x4.splat (local.get $zp)))
    (local.set $vs (f64x2.splat (local.get $s)))
    (local.set $i (local.get $base))
    (local.set $n (i32.add (local.get $base) (local.get $n)))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (loop $next
        (local.set $bytes (v128.load offset=65536 (local.get $i)))
        (local.set $lo16 (i16x8.extend_low_i8x16_u (local.get $bytes)))
        (local.set $hi16 (i16x8.extend_high_i8x16_u (local.get $bytes)))
        (local.set $d0 (i32x4.sub (i32x4.extend_low_i16x8_u (local.get $lo16)) (local.get $vzp)))
        (local.set $d1 (i32x4.sub (i32x4.extend_high_i16x8_u (local.get $lo16)) (local.get $vzp)))
        (local.set $d2 (i32x4.sub (i32x4.extend_low_i16x8_u (local.get $hi16)) (local.get $vzp)))
        (local.set $d3 (i32x4.sub (i32x4.extend_high_i16x8_u (local.get $hi16)) (local.get $vzp)))
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (v128.store offset=0 (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $d0)) (local.get $vs)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d0) (local.get $d0))) (local.get $vs)))))
        (v128.store offset=16 (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $d1)) (local.get $vs)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d1) (local.get $d1))) (local.get $vs)))))
        (v128.store offset=32 (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $d2)) (local.get $vs)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d2) (local.get $d2))) (local.get $vs)))))
        (v128.store offset=48 (local.get $p)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $d3)) (local.get $vs)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d3) (local.get $d3))) (local.get $vs)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n))))))
)
