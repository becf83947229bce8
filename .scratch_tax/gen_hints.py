def write(path, intro, rows):
    out = [intro, "\t".join(["id", "priority", "pattern", "value", "note"])]
    for row in rows:
        if isinstance(row, str):
            out += ["", "# == " + row]
            continue
        assert "\t" not in "".join(map(str, row))
        out.append("\t".join(map(str, row)))
    open(path, "w").write("\n".join(out) + "\n")

N = r"(^|[^A-Za-z0-9])"  # not inside a longer word or number
write("/work/main/queries/taxonomy/arch_hints.tsv", """# tracedeck kernel taxonomy: the architecture a kernel NAME shows it was built for.
#
# Columns (tab-separated): id, priority (higher wins), pattern (RE2, searched in the name after the
# ".kd" suffix is removed), value (an arch of lib/arch/devices.ts ARCH_ORDER), note.
# Only unambiguous signs: an arch token, an ISA field, a data type only one generation has natively,
# an instruction shape new on one generation. Tensile type codes (BBS_BH, HHS_BH, F8HS_BH ...) give
# the precision, not the arch (precision_hints.tsv). A kernel built for an older arch than the
# device it ran on is reported by the arch_mismatch view.
""", [
    "AMD: arch tokens and Tensile ISA fields",
    ("gfx950", 100, r"(?i)gfx950|ISA950|" + N + r"mi35\d", "gfx950", "gfx950 / Tensile ISA950 / MI350-class in the name (f8_block_scale_mi350_*)"),
    ("gfx942", 100, r"(?i)gfx942|ISA942", "gfx942", "gfx942 / Tensile ISA942"),
    ("gfx941", 100, r"(?i)gfx941|ISA941", "gfx941", ""),
    ("gfx940", 100, r"(?i)gfx940|ISA940", "gfx940", ""),
    ("gfx90a", 100, r"(?i)gfx90a|ISA90a", "gfx90a", "MI200-class"),
    ("gfx908", 100, r"(?i)gfx908|ISA908", "gfx908", "MI100"),
    ("gfx906", 100, r"(?i)gfx906|ISA906", "gfx906", ""),
    ("rocprim-942", 95, r"target_arch\)942", "gfx942", "rocPRIM's target_arch template argument"),
    ("rocprim-950", 95, r"target_arch\)950", "gfx950", ""),
    ("rocprim-90a", 95, r"target_arch\)910", "gfx90a", "rocPRIM numbers gfx90a as 910"),
    "AMD: data types and instructions only one generation has natively",
    ("fnuz-fp8", 90, r"(?i)fnuz", "gfx942", "FNUZ fp8 (e4m3fnuz, f8_fnuz_t) is CDNA3's native fp8; on gfx950 it is the old path"),
    ("ocp-fp8-hip", 85, r"(__hip_fp8_e4m3|__hip_fp8_e5m2|f8_ocp_t|bf8_ocp_t)([^_]|$)|Float8_e4m3fn([^u]|$).*(__hip|hip_bfloat16)|(__hip|hip_bfloat16).*Float8_e4m3fn([^u]|$)", "gfx950", "OCP fp8 (e4m3fn) in a HIP kernel: CDNA4; on NVIDIA e4m3fn says nothing"),
    ("cdna4-mfma", 80, r"(?i)f8f6f4|mfma\w*(16x16x128|32x32x64)|opus::seq<(16, 16, 128|32, 32, 64)>", "gfx950", "MFMA shapes new on CDNA4 (16x16x128 / 32x32x64 f8f6f4)"),
    ("aiter-asm-fp4", 75, r"^_ZN5aiter\d+[A-Za-z0-9_]*(fp4|Fp4|FP4|f4gemm)[A-Za-z0-9_]*E$|^aiter::[A-Za-z0-9_]*(fp4|Fp4|FP4|f4gemm)[A-Za-z0-9_]*$", "gfx950", "aiter FP4 assembly kernels (one identifier, no template arguments) exist only for gfx950 (hsa/gfx950)"),
    "NVIDIA: SM tokens in cuBLAS/cuDNN/CUTLASS/FlashAttention/TRT-LLM names",
    ("sm120", 100, N + r"sm_?120a?([^0-9]|$)|Sm120", "sm120", ""),
    ("sm100a", 100, N + r"sm_?100a|Sm100a", "sm100a", "arch-specific sm100a (e.g. fmhaSm100aKernel)"),
    ("sm100", 99, N + r"sm_?100([^0-9a]|$)|Sm100([^0-9a]|$)|sm10x", "sm100", "Blackwell"),
    ("sm90a", 98, N + r"sm_?90a|Sm90a", "sm90a", ""),
    ("sm90", 97, N + r"sm_?90([^0-9a]|$)|Sm90([^0-9a]|$)|sm9x|sm90_or_later|" + N + r"hopper_", "sm90", "Hopper: sm90_xmma, nvjet_sm90, enable_sm90_or_later, FlashAttnFwdSm90"),
    ("sm89", 96, N + r"sm_?89([^0-9]|$)|Sm89([^0-9]|$)", "sm89", ""),
    ("sm86", 96, N + r"sm_?86([^0-9]|$)|Sm86([^0-9]|$)", "sm86", ""),
    ("sm80", 97, N + r"sm_?80([^0-9]|$)|Sm80([^0-9]|$)|" + N + r"cutlass_80_|" + N + r"ampere_", "sm80", "Ampere: cutlass_80_* (cuBLAS), ampere_*, sm80 cuDNN kernels; outranks sm89 for enable_sm80_to_sm89"),
    ("sm75", 96, N + r"sm_?75([^0-9]|$)|" + N + r"cutlass_75_|" + N + r"turing_", "sm75", ""),
    ("sm70", 96, N + r"sm_?70([^0-9]|$)|" + N + r"cutlass_70_|" + N + r"volta_", "sm70", ""),
])

write("/work/main/queries/taxonomy/precision_hints.tsv", """# tracedeck kernel taxonomy: the precision a kernel NAME shows (used when the deciding rule states none).
#
# Columns (tab-separated): id, priority (higher wins: the narrowest type a name mentions is what
# makes the kernel what it is, so fp4 > int4 > int8 > fp8 > tf32 > bf16 > fp16 > fp32), pattern
# (RE2), value, note. Tensile type codes: the first letters after the layout are A/B (and compute)
# types: B bf16, H fp16, S fp32, F8 fp8, I8 int8; "_BH" marks high-precision accumulation.
""", [
    ("nvfp4", 95, r"(?i)nvfp4", "nvfp4", ""),
    ("mxfp4", 90, r"(?i)mxfp4|fp4x2|fp4_t|" + N + r"f4gemm|(^|[^a-z])[aw]?fp4|e2m1|per1x32fp4", "mxfp4", "MXFP4 weights/activations (afp4, wfp4, fp4x2)"),
    ("int4", 85, r"(?i)int4|uint4|w4a16|a16w4|" + N + r"awq|gptq", "int4", ""),
    ("int8", 82, r"(?i)int8|(^|[^a-z])i8(gemm|_|$)|pertokeni8|^Cijk_\w*_I8", "int8", "INT8 (I8gemm, pertokenInt8, Tensile I8)"),
    ("fp8", 80, r"(?i)fp8([^k]|$)|Fp8KVCacheDataType(\)|E)[12]|f8_|f8[a-z]*_t|e4m3|e5m2|float8|f8hs|f8h_|_f8[a-z]?_|" + N + r"[aw]fp8|a8w8|blockscale|8bit", "fp8", "FP8 (F8HS_BH Tensile, e4m3fn(uz), a8w8, block-scale; vLLM's Fp8KVCacheDataType 0 means no fp8)"),
    ("tf32", 75, r"(?i)tf32", "tf32", ""),
    ("bf16", 70, r"(?i)bf16|bfloat16|BBS_BH|B_BS_BH|BSS_BH|DF16b|" + N + r"bf16|" + N + r"s16816gemm_bf16", "bf16", "bf16 (Tensile BBS/BSS, mangled DF16b)"),
    ("fp16", 65, r"(?i)fp16|(^|[^bB])f16|(^|[^a-z])half|c10::Half|HHS_BH|HSS_BH|H_HS_BH|" + N + r"hsh_|_Float16", "fp16", ""),
    ("fp32", 60, r"(?i)fp32|sgemm|" + N + r"f32_f32|^Cijk_A[a-z]{3}_B[a-z]{3}_S(S|_B|_S)?_|^Cijk_SS_|^Cijk_SB_", "fp32", "fp32 (sgemm, Tensile S types)"),
])
