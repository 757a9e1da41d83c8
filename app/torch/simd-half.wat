;; WebAssembly SIMD kernels for simd-half.ts: float32 -> bfloat16 / float16 bit patterns, bit-exact
;; with the scalar f32BitsToBf16Bits / f32BitsToF16Bits of half.ts (checked on all 2^32 inputs when
;; written; simd-half.test.ts re-checks edge cases and seeded random patterns). After editing,
;; regenerate simd-half-bytes.ts:
;;   wat2wasm app/torch/simd-half.wat -o /tmp/simd-half.wasm && base64 -w0 /tmp/simd-half.wasm
;; (wat2wasm is in Debian's wabt package.)
;;
;; Memory (2 pages): the caller streams data through it one chunk at a time,
;;   [0, 65536)        float32 input chunk (16384 elements)
;;   [65536, 98304)    uint16 output chunk
;; Both kernels take byte addresses $src (float32) and $dst (uint16) and $n, a multiple of 16;
;; they do 16 elements per iteration. The loops test at the bottom: V8 then keeps the splatted
;; constants out of the loop body (~10% faster than a test at the top).
;;
;; bfloat16 (c10 round_to_nearest_even, vectorised NaN): w + 0x7fff + ((w >> 16) & 1), high half;
;;   NaN lanes are or-ed with all ones, so they give 0xffff as torch's AVX2 conversion does.
;; float16: per lane, with a = min(|w|, 65536.0) (as bits),
;;   M = 2^(max(e, -14) + 13) where e is a's exponent; M + a (a float add, round to nearest even)
;;   leaves a rounded to float16 precision, its ulp 2^(e - 10) (2^-24 below the normal range), in
;;   the low bits: (M + a) - M is 1024 + mantissa (with any carry) for normals, the subnormal
;;   mantissa otherwise, and (M >> 13) - 0x1f800 = (max(e, -14) + 14) << 10 adds the exponent.
;;   65504 < |x| (inf included) gives 0x7c00; the low 16 bits are all that is kept, so the
;;   - 0x1f800 is an add of 0x0800 on the packed 16-bit lanes. NaN or-s in 0x0200 (0x7e00);
;;   the sign is bit 31 of w, moved to bit 15.
(module
  (memory (export "mem") 2)

  (func (export "f32_to_bf16") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $kround v128) (local $kone v128)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local.set $kround (i32x4.splat (i32.const 0x7fff)))
    (local.set $kone (i32x4.splat (i32.const 1)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (loop $next
        (local.set $w0 (v128.load offset=0 (local.get $src)))
        (local.set $r0 (v128.or (f32x4.ne (local.get $w0) (local.get $w0))
          (i32x4.add (i32x4.add (local.get $w0) (local.get $kround))
            (v128.and (i32x4.shr_u (local.get $w0) (i32.const 16)) (local.get $kone)))))
        (local.set $w1 (v128.load offset=16 (local.get $src)))
        (local.set $r1 (v128.or (f32x4.ne (local.get $w1) (local.get $w1))
          (i32x4.add (i32x4.add (local.get $w1) (local.get $kround))
            (v128.and (i32x4.shr_u (local.get $w1) (i32.const 16)) (local.get $kone)))))
        (local.set $w2 (v128.load offset=32 (local.get $src)))
        (local.set $r2 (v128.or (f32x4.ne (local.get $w2) (local.get $w2))
          (i32x4.add (i32x4.add (local.get $w2) (local.get $kround))
            (v128.and (i32x4.shr_u (local.get $w2) (i32.const 16)) (local.get $kone)))))
        (local.set $w3 (v128.load offset=48 (local.get $src)))
        (local.set $r3 (v128.or (f32x4.ne (local.get $w3) (local.get $w3))
          (i32x4.add (i32x4.add (local.get $w3) (local.get $kround))
            (v128.and (i32x4.shr_u (local.get $w3) (i32.const 16)) (local.get $kone)))))
        (v128.store offset=0 (local.get $dst) (i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31 (local.get $r0) (local.get $r1)))
        (v128.store offset=16 (local.get $dst) (i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31 (local.get $r2) (local.get $r3)))
        (local.set $src (i32.add (local.get $src) (i32.const 64)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br_if $next (i32.lt_u (local.get $src) (local.get $end))))))

  (func (export "f32_to_f16") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $a v128) (local $m v128)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $kabs v128) (local $kmax v128) (local $kexp v128) (local $kmin v128) (local $kmagic v128)
    (local $kbias v128) (local $ksign v128) (local $kquiet v128)
    (local.set $kabs (i32x4.splat (i32.const 0x7fffffff)))
    (local.set $kmax (i32x4.splat (i32.const 0x47800000)))   ;; 65536.0
    (local.set $kexp (i32x4.splat (i32.const 0x7f800000)))
    (local.set $kmin (i32x4.splat (i32.const 0x38800000)))   ;; 2^-14, the smallest float16 normal
    (local.set $kmagic (i32x4.splat (i32.const 0x06800000))) ;; 13 << 23
    (local.set $kbias (i16x8.splat (i32.const 0x0800)))      ;; -0x1f800 mod 2^16
    (local.set $ksign (i16x8.splat (i32.const 0x8000)))
    (local.set $kquiet (i16x8.splat (i32.const 0x0200)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (loop $next
        (local.set $w0 (v128.load offset=0 (local.get $src)))
        (local.set $a (i32x4.min_u (v128.and (local.get $w0) (local.get $kabs)) (local.get $kmax)))
        (local.set $m (i32x4.add (i32x4.max_u (v128.and (local.get $a) (local.get $kexp)) (local.get $kmin)) (local.get $kmagic)))
        (local.set $r0 (i32x4.add (i32x4.sub (f32x4.add (local.get $m) (local.get $a)) (local.get $m))
          (i32x4.shr_u (local.get $m) (i32.const 13))))
        (local.set $w1 (v128.load offset=16 (local.get $src)))
        (local.set $a (i32x4.min_u (v128.and (local.get $w1) (local.get $kabs)) (local.get $kmax)))
        (local.set $m (i32x4.add (i32x4.max_u (v128.and (local.get $a) (local.get $kexp)) (local.get $kmin)) (local.get $kmagic)))
        (local.set $r1 (i32x4.add (i32x4.sub (f32x4.add (local.get $m) (local.get $a)) (local.get $m))
          (i32x4.shr_u (local.get $m) (i32.const 13))))
        (local.set $w2 (v128.load offset=32 (local.get $src)))
        (local.set $a (i32x4.min_u (v128.and (local.get $w2) (local.get $kabs)) (local.get $kmax)))
        (local.set $m (i32x4.add (i32x4.max_u (v128.and (local.get $a) (local.get $kexp)) (local.get $kmin)) (local.get $kmagic)))
        (local.set $r2 (i32x4.add (i32x4.sub (f32x4.add (local.get $m) (local.get $a)) (local.get $m))
          (i32x4.shr_u (local.get $m) (i32.const 13))))
        (local.set $w3 (v128.load offset=48 (local.get $src)))
        (local.set $a (i32x4.min_u (v128.and (local.get $w3) (local.get $kabs)) (local.get $kmax)))
        (local.set $m (i32x4.add (i32x4.max_u (v128.and (local.get $a) (local.get $kexp)) (local.get $kmin)) (local.get $kmagic)))
        (local.set $r3 (i32x4.add (i32x4.sub (f32x4.add (local.get $m) (local.get $a)) (local.get $m))
          (i32x4.shr_u (local.get $m) (i32.const 13))))
        (v128.store offset=0 (local.get $dst)
          (v128.or
            (v128.or
              (i16x8.add (i8x16.shuffle 0 1 4 5 8 9 12 13 16 17 20 21 24 25 28 29 (local.get $r0) (local.get $r1)) (local.get $kbias))
              (v128.and (i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31 (local.get $w0) (local.get $w1)) (local.get $ksign)))
            (v128.and (i16x8.narrow_i32x4_s (f32x4.ne (local.get $w0) (local.get $w0)) (f32x4.ne (local.get $w1) (local.get $w1)))
              (local.get $kquiet))))
        (v128.store offset=16 (local.get $dst)
          (v128.or
            (v128.or
              (i16x8.add (i8x16.shuffle 0 1 4 5 8 9 12 13 16 17 20 21 24 25 28 29 (local.get $r2) (local.get $r3)) (local.get $kbias))
              (v128.and (i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31 (local.get $w2) (local.get $w3)) (local.get $ksign)))
            (v128.and (i16x8.narrow_i32x4_s (f32x4.ne (local.get $w2) (local.get $w2)) (f32x4.ne (local.get $w3) (local.get $w3)))
              (local.get $kquiet))))
        (local.set $src (i32.add (local.get $src) (i32.const 64)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br_if $next (i32.lt_u (local.get $src) (local.get $end))))))
)
