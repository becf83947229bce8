"""What the stand-in GPU "runs" per decode step: real MI300X (gfx942) kernel
names from public vLLM traces (shared/corpus/kernel-names.tsv), each with a
fixed duration, launched back to back on one stream. Shared by the fake
server (Kineto traces) and the rocprofv3 stand-in (CSV traces)."""

DEVICE_NAME = "AMD Instinct MI300X"
ARCH = "gfx942"

# (kernel name, duration ns, grid, block)
STEP_KERNELS = [
    ("_ZN5aiter24add_rmsnorm_quant_kernelIDF16bDF16bLi64ELi8ELb0ELb0ELb1ELi1EEEvPT0_PT_PfS4_S4_S4_diiiiiiib",
     6000, (64, 1, 1), (64, 1, 1)),
    ("Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT16x16x256_MI16x16x1_SN_LDSB1_AFC1_AFEM1_AFEM1_ASEM1"
     "_CLR1_CADS0_DTVA0_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSUAMBSK_GLS0_ISA942_IU1_K1_LBSPPA512_LBSPPB512"
     "_LBSPPM0_LPA16_LPB16_LPM0_LRVW8_LWPMn1_MIAV0_MIWT1_1_MO40_NTn1_NTA0_NTB0_NTC0_NTD0_NTM0_NEPBS0_NLCA1"
     "_NLCB1_ONLL1_PGR2_PLR1_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW1_SK0_SKXCCM0_TLDS1_ULSGRO0_USL1_UIOFGRO0"
     "_USFGROn1_VSn1_VWA1_VWB1_WSGRA0_WSGRB0_WS64_WG16_4_4",
     41000, (1024, 1, 1), (256, 1, 1)),
    ("kernel_unified_attention_2d", 23000, (32, 8, 1), (128, 1, 1)),
    ("void wvSpltK_hf_sml_<64, 2, 16, 8, 2, 2>(int, int, __half const*, __half const*, __half*, int)",
     17000, (304, 1, 1), (64, 1, 1)),
    ("reduce_segments", 3000, (32, 8, 1), (128, 1, 1)),
]


def step_kernels(start_ns):
    """[(name, start_ns, end_ns, grid, block)] for one step starting at start_ns."""
    out, t = [], start_ns
    for name, dur, grid, block in STEP_KERNELS:
        out.append((name, t, t + dur, grid, block))
        t += dur + 1000
    return out
