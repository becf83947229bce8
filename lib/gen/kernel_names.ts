/**
 * The real kernel names the generator uses, copied verbatim from
 * `shared/corpus/kernel-names.tsv` (so generation never needs `../shared`),
 * with the corpus labels: `category`, `label` (the corpus backend column up to
 * its first `;`, e.g. `hipBLASLt`, `PA:ASM`, `expert-GEMM`) and the corpus arch
 * hint. Manifests count kernels by these labels, so a classifier can be checked
 * against them.
 *
 * @module
 */

/** One corpus kernel name with its labels. */
export interface CorpusKernel {
  /** The name exactly as a profiler printed it. */
  name: string;
  /** Taxonomy category: GEMM, Attention, MoE, AllReduce, Quantization or Other. */
  category: "GEMM" | "Attention" | "MoE" | "AllReduce" | "Quantization" | "Other";
  /** Backend or sub-kind label from the corpus (before the first `;`). */
  label: string;
  /** The corpus arch hint (where the name was seen). */
  arch_hint: string;
}

/** Corpus kernels by generator key. */
export const CORPUS_KERNELS = {
  embedding_masked: {
    name: "_masked_embedding_kernel",
    category: "Other",
    label: "embedding",
    arch_hint: "gfx950 (MI355X)",
  },
  metadata_positions: {
    name: "compute_position_kernel",
    category: "Other",
    label: "metadata",
    arch_hint: "gfx942 (MI300X)",
  },
  metadata_cache_locs: {
    name: "assign_extend_cache_locs_uniform",
    category: "Other",
    label: "metadata",
    arch_hint: "gfx950 (MI355X)",
  },
  act_silu_sgl_hip: {
    name:
      "_ZN7sgl_hip10activation18act_and_mul_kernelI14__hip_bfloat16TnPFT_RKS3_EXadL_Z4siluIS2_ES3_S5_EEEEvPS3_PS4_i",
    category: "Other",
    label: "activation",
    arch_hint: "gfx942 (MI300X)",
  },
  act_silu_vllm: {
    name:
      "void vllm::act_and_mul_kernel<c10::BFloat16, &vllm::silu_kernel<c10::BFloat16>, (bool)1>(T1 *, cons…",
    category: "Other",
    label: "activation",
    arch_hint: "H100 (sm90)",
  },
  sample_log_softmax: {
    name:
      "void at::native::(anonymous namespace)::cunn_SoftMaxForward<4, float, float, float, at::native::(anonymous namespace)::LogSoftMaxForwardEpilogue>(float*, float const*, int)",
    category: "Other",
    label: "sampling",
    arch_hint: "gfx942 (MI300X)",
  },
  sample_softmax_gmem: {
    name:
      "void at::native::(anonymous namespace)::cunn_SoftMaxForwardGmem<4, float, float, float, at::native::(anonymous namespace)::SoftMaxForwardWithMulEpilogue, long>(float*, float const*, long)",
    category: "Other",
    label: "sampling",
    arch_hint: "gfx950 (MI355X)",
  },
  sample_exponential: {
    name:
      "void at::native::(anonymous namespace)::distribution_elementwise_grid_stride_kernel<float, 4, at::native::templates::cuda::uniform_and_transform<float, float, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1})::{lambda(hiprandStatePhilox4_32_10*)#2}, at::native::(anonymous namespace)::distribution_nullary_kernel<float, float, HIP_vector_type<float, 4u>, at::CUDAGeneratorImpl*, at::native::templates::cuda::uniform_and_transform<float, float, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1})::{lambda(hiprandStatePhilox4_32_10*)#2}, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::CUDAGeneratorImpl*, at::native::templates::cuda::uniform_and_transform<float, float, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1})::{lambda(hiprandStatePhilox4_32_10*)#2} const&, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1})::{lambda(int, float)#1}>(int, at::PhiloxCudaState, at::native::templates::cuda::uniform_and_transform<float, float, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1})::{lambda(hiprandStatePhilox4_32_10*)#2}, at::native::(anonymous namespace)::distribution_nullary_kernel<float, float, HIP_vector_type<float, 4u>, at::CUDAGeneratorImpl*, at::native::templates::cuda::uniform_and_transform<float, float, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1})::{lambda(hiprandStatePhilox4_32_10*)#2}, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::CUDAGeneratorImpl*, at::native::templates::cuda::uniform_and_transform<float, float, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}>(at::TensorIteratorBase&, at::CUDAGeneratorImpl*, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1})::{lambda(hiprandStatePhilox4_32_10*)#2} const&, at::native::templates::cuda::exponential_kernel<at::CUDAGeneratorImpl*>(at::TensorIteratorBase&, double, at::CUDAGeneratorImpl*)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1})::{lambda(int, float)#1})",
    category: "Other",
    label: "sampling",
    arch_hint: "gfx942 (MI300X)",
  },
  sample_gumbel: {
    name: "_gumbel_sample_kernel",
    category: "Other",
    label: "sampling",
    arch_hint: "gfx950 (MI355X)",
  },
  rccl_generic: {
    name: "ncclDevKernel_Generic_1(ncclDevKernelArgsStorage<4096ul>)",
    category: "AllReduce",
    label: "RCCL:generic",
    arch_hint: "gfx950 (MI355X)",
  },
  msccl_bf16: {
    name: "mscclKernel_Sum_hip_bfloat16_Simple_false(ncclDevComm*, mscclAlgo*, mscclWork*)",
    category: "AllReduce",
    label: "RCCL:allreduce",
    arch_hint: "gfx950 (MI355X)",
  },
  nccl_allreduce_bf16: {
    name: "ncclDevKernel_AllReduce_Sum_bf16_RING_LL(ncclDevKernelArgsStorage<(unsigned long)4096>)",
    category: "AllReduce",
    label: "NCCL:allreduce",
    arch_hint: "NVIDIA (GPU not stated)",
  },
  ar_aiter_1stage_tp8: {
    name:
      "void aiter::cross_device_reduce_1stage<std::bfloat16_t, 8, false>(aiter::RankData*, aiter::RankData*, aiter::RankSignals, aiter::Signal*, std::bfloat16_t*, int, int)",
    category: "AllReduce",
    label: "custom:allreduce",
    arch_hint: "gfx950 (MI355X)",
  },
  ar_aiter_2stage_tp4: {
    name:
      "_ZN5aiter26cross_device_reduce_2stageIDF16bLi4ELb0EEEvPNS_8RankDataES2_NS_11RankSignalsEPNS_6SignalEPT_ii",
    category: "AllReduce",
    label: "custom:allreduce",
    arch_hint: "gfx950 (MI355X)",
  },
  fa_aiter_hd128: {
    name: "_ZN5aiter24fmha_fwd_hd128_bf16_rtneE",
    category: "Attention",
    label: "FA:ASM",
    arch_hint: "gfx942 (MI300X)",
  },
  fa2_pytorch: {
    name:
      "void pytorch_flash::flash_fwd_kernel<pytorch_flash::Flash_fwd_kernel_traits<64, 128, 128, 4, false, false, cutlass::bfloat16_t, pytorch_flash::Flash_kernel_traits<64, 128, 128, 4, cutlass::bfloat16_t> >, false, true, false, false, false, true, false>(pytorch_flash::Flash_fwd_params)",
    category: "Attention",
    label: "FA:CUTLASS",
    arch_hint: "H100 (sm90)",
  },
  norm_aiter_add_rms: {
    name:
      "_ZN5aiter24add_rmsnorm_quant_kernelIDF16bDF16bLi64ELi8ELb0ELb0ELb1ELi1EEEvPT0_PT_PfS4_S4_S4_diiiiiiib",
    category: "Other",
    label: "norm",
    arch_hint: "gfx942 (MI300X)",
  },
  norm_aiter_add_rms_short: {
    name: "void aiter::add_rmsnorm_quant_kernel<std::bfloat16_t, std::bfloat16_t>",
    category: "Other",
    label: "norm",
    arch_hint: "gfx950 (MI355X)",
  },
  norm_vllm_rms: {
    name:
      "void vllm::rms_norm_kernel<c10::BFloat16, 8, 2>(c10::BFloat16*, c10::BFloat16 const*, long, long, long, long, long, c10::BFloat16 const*, float, int, int)",
    category: "Other",
    label: "norm",
    arch_hint: "B200 (sm100)",
  },
  gemm_942_mt64x32: {
    name:
      "Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT64x32x256_MI16x16x1_SN_LDSB1_AFC1_AFEM1_AFEM1_ASEM1_CLR1_CADS0_DTLA0_DTLB0_DTVA0_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSUAMBSK_GLS0_ISA942_IU1_K1_LDSTI0_LBSPPA2048_LBSPPB1024_LBSPPM0_LPA16_LPB16_LPM0_LRVW8_LWPMn1_MIAV0_MIWT4_2_MO40_NTn1_NTA0_NTB0_NTC0_NTD4_NTM0_NEPBS16_NLCA1_NLCB1_ONLL1_PGR2_PLR1_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW4_SK0_SKFTR0_SKXCCM0_TLDS1_ULSGRO0_USL1_UIOFGRO0_USFGROn1_VSn1_VWA4_VWB2_WSGRA0_WSGRB0_WS64_WG16_4_4",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx942 (MI300X) | name: ISA942, MFMA MI16x16x1, Tensile dtype BBS_BH",
  },
  gemm_942_mt16x32: {
    name:
      "Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT16x32x512_MI16x16x1_SN_LDSB1_AFC1_AFEM1_AFEM1_ASEM1_CLR1_CADS0_DTLA0_DTLB0_DTVA0_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSUAMBSK_GLS0_ISA942_IU1_K1_LDSTI0_LBSPPA1024_LBSPPB2048_LBSPPM0_LPA16_LPB16_LPM0_LRVW8_LWPMn1_MIAV0_MIWT1_2_MO40_NTn1_NTA0_NTB0_NTC0_NTD4_NTM0_NEPBS16_NLCA1_NLCB1_ONLL1_PGR2_PLR1_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW1_SK0_SKFTR0_SKXCCM0_TLDS1_ULSGRO0_USL1_UIOFGRO0_USFGROn1_VSn1_VWA1_VWB2_WSGRA0_WSGRB0_WS64_WG16_4_4",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx942 (MI300X) | name: ISA942, MFMA MI16x16x1, Tensile dtype BBS_BH",
  },
  gemm_942_mt16x16: {
    name:
      "Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT16x16x256_MI16x16x1_SN_LDSB1_AFC1_AFEM1_AFEM1_ASEM1_CLR1_CADS0_DTVA0_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSUAMBSK_GLS0_ISA942_IU1_K1_LBSPPA512_LBSPPB512_LBSPPM0_LPA16_LPB16_LPM0_LRVW8_LWPMn1_MIAV0_MIWT1_1_MO40_NTn1_NTA0_NTB0_NTC0_NTD0_NTM0_NEPBS0_NLCA1_NLCB1_ONLL1_PGR2_PLR1_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW1_SK0_SKXCCM0_TLDS1_ULSGRO0_USL1_UIOFGRO0_USFGROn1_VSn1_VWA1_VWB1_WSGRA0_WSGRB0_WS64_WG16_4_4",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx942 (MI300X) | name: ISA942, MFMA MI16x16x1, Tensile dtype BBS_BH",
  },
  gemm_942_mt256x128: {
    name:
      "Cijk_Alik_Bljk_B_BS_BH_Bias_HA_S_SAV_UserArgs_MT256x128x64_MI16x16x1_SN_LDSB1_AFC1_AFEM1_AFEM1_ASEM1_CLR1_CADS0_DTVA0_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSUAMB_GLS0_ISA942_IU1_K1_LBSPPA1024_LBSPPB512_LBSPPM0_LPA16_LPB16_LPM0_LRVW8_LWPMn1_MIAV0_MIWT8_4_MO40_NTn1_NTA0_NTB0_NTC0_NTD0_NTM0_NEPBS16_NLCA1_NLCB1_ONLL1_PGR2_PLR1_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW8_SK0_SKXCCM0_TLDS1_ULSGRO0_USL1_UIOFGRO0_USFGROn1_VSn1_VWA8_VWB4_WSGRA0_WSGRB0_WS64_WG32_8_1",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx942 (MI300X) | name: ISA942, MFMA MI16x16x1, Tensile dtype B_BS_BH",
  },
  gemm_942_mt320x224: {
    name:
      "Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT320x224x64_MI16x16x1_SN_LDSB0_AFC1_AFEM1_AFEM1_ASEM1_CLR1_CADS0_DTLA0_DTLB0_DTVA1_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSUAMBSK_GLS0_ISA942_IU1_K1_LDSTI0_LBSPPA0_LBSPPB256_LBSPPM0_LPA0_LPB16_LPM0_LRVW8_LWPMn1_MIAV0_MIWT5_14_MO40_NTn1_NTA0_NTB0_NTC0_NTD4_NTM0_NEPBS16_NLCA2_NLCB1_ONLL1_PGR2_PLR1_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW1_SK0_SKFTR0_SKXCCM0_TLDS1_ULSGRO0_USL1_UIOFGRO0_USFGROn1_VSn1_VWA1_VWB2_WSGRA0_WSGRB0_WS64_WG64_4_1",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx942 (MI300X) | name: ISA942, MFMA MI16x16x1, Tensile dtype BBS_BH",
  },
  gemm_wvspltk: {
    name:
      "void wvSpltK_hf_sml_<64, 2, 16, 8, 2, 2>(int, int, __half const*, __half const*, __half*, int)",
    category: "GEMM",
    label: "HIP-custom",
    arch_hint: "gfx942 (MI300X)",
  },
  gemm_942_gsu_mt16x128: {
    name: "CustomGSUs_Cijk_Ailk_Bljk_HHS_BH_MT16x128x16_MI16x16x1_prefetch2",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx942 (MI300X) | name: MFMA MI16x16x1, Tensile dtype HHS_BH",
  },
  gemm_950_mt32x16: {
    name:
      "Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT32x16x128_MI16x16x1_SN_LDSB0_AFC0_AFEM1_AFEM1_ASEM1_CLR0_CADS0_DTLA0_DTLB0_DTVA0_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSU0_GSUAMB_GLS0_ISA950_IU1_K1_LDSTI0_LBSPPA256_LBSPPB256_LBSPPM0_LPA16_LPB16_LPM0_LRVW8_LWPMn1_MIAV0_MIWT2_1_MO40_NTn1_NTA4_NTB0_NTC0_NTD0_NTM0_NEPBS0_NLCA1_NLCB1_ONLL1_PGR2_PLR0_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW1_SK3_SKFTR0_SKXCCM8_TLDS1_ULSGRO0_USL1_UIOFGRO0_USFGRO0_VSn1_VWA1_VWB1_WSGRA0_WSGRB0_WS64_WG16_4_4",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx950 (MI355X) | name: ISA950, MFMA MI16x16x1, Tensile dtype BBS_BH",
  },
  gemm_950_mt256x32: {
    name:
      "Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT256x32x128_MI16x16x1_SN_LDSB1_AFC0_AFEM1_AFEM1_ASEM1_CLR1_CADS0_DTLA0_DTLB0_DTVA0_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSU0_GSUAMB_GLS0_ISA950_IU1_K1_LDSTI0_LBSPPA2048_LBSPPB256_LBSPPM0_LPA16_LPB16_LPM0_LRVW8_LWPMn1_MIAV0_MIWT8_1_MO40_NTn1_NTA4_NTB0_NTC0_NTD0_NTM0_NEPBS0_NLCA1_NLCB1_ONLL1_PGR2_PLR1_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW8_SK3_SKFTR0_SKXCCM8_TLDS1_ULSGRO0_USL1_UIOFGRO0_USFGRO0_VSn1_VWA8_VWB1_WSGRA0_WSGRB0_WS64_WG32_8_1",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx950 (MI355X) | name: ISA950, MFMA MI16x16x1, Tensile dtype BBS_BH",
  },
  gemm_950_custom_sk3: {
    name:
      "Custom_Cijk_Alik_Bljk_BBS_BH_Bias_HA_S_SAV_NTD_SK3_UserArgs_MT256x256x64_MI16x16x1_shortname0_gfx950",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx950 (MI355X) | name: gfx950, MFMA MI16x16x1, Tensile dtype BBS_BH",
  },
  gemm_950_mt256x256: {
    name:
      "Cijk_Ailk_Bjlk_BBS_BH_Bias_HA_S_SAV_UserArgs_MT256x256x64_MI16x16x1_CMS_SN_LDSB0_AFC0_AFEM1_AFEM1_ASEM1_CLR1_CADS0_DTLA1_DTLB1_DTVA0_DTVB0_EPS0_FDSI0_GRPM1_GRVWA8_GRVWB8_GSU0_GSUAMB_GLS0_ISA950_IU1_K1_LDSTI0_LBSPPA4096_LBSPPB4096_LBSPPM0_LPA0_LPB0_LPM0_LRVW8_LWPMn1_MIAV0_MIWT8_8_MO40_NTn1_NTA0_NTB0_NTC0_NTD4_NTM0_NEPBS0_NLCA1_NLCB1_ONLL1_PGR2_PLR1_PKA1_SIA3_SS1_SPO0_SRVW0_SSO0_SVW8_SK3_SKFTR0_SKXCCM0_TLDS0_ULSGRO0_USL1_UIOFGRO0_USFGRO0_VSn1_VWA8_VWB8_WSGRA0_WSGRB0_WS64_WG32_8_1",
    category: "GEMM",
    label: "hipBLASLt",
    arch_hint: "gfx950 (MI355X) | name: ISA950, MFMA MI16x16x1, Tensile dtype BBS_BH",
  },
  gemm_asm_bf16_bpreshuffle: {
    name: "_ZN5aiter36bf16gemm_bf16_tn_256x256_bpreshuffleE",
    category: "GEMM",
    label: "ASM",
    arch_hint: "gfx950 (MI355X)",
  },
  gemm_flydsl_16x64x128x5: {
    name: "hgemm_bf16_16x64x128x5_SPK2_W1x2x1_BLDS1_TN_AS1_0",
    category: "GEMM",
    label: "FlyDSL",
    arch_hint: "gfx950 (MI355X)",
  },
  gemm_flydsl_router: {
    name: "hgemm_bf16_16x64x128x7_SPK8_W1x1x2_BLDS1_TN_AS1_0",
    category: "GEMM",
    label: "FlyDSL",
    arch_hint: "gfx950 (MI355X) | platform inferred: MXFP4 MFMA kernels exist only on gfx950",
  },
  gemm_nvjet_128x24: {
    name: "nvjet_tst_128x24_64x11_2x1_v_bz_TNT",
    category: "GEMM",
    label: "cuBLASLt",
    arch_hint: "NVIDIA (GPU not stated)",
  },
  gemm_nvjet_sm90_splitk: {
    name: "nvjet_sm90_tst_64x8_64x16_4x2_h_bz_splitK_TNT",
    category: "GEMM",
    label: "cuBLASLt",
    arch_hint: "H100 (sm90) | name: sm90",
  },
  gemm_nvjet_192x8: {
    name: "nvjet_tst_192x8_64x8_4x1_v_bz_TNT",
    category: "GEMM",
    label: "cuBLASLt",
    arch_hint: "B200 (sm100)",
  },
  gemm_nvjet_64x16_splitk: {
    name: "nvjet_tst_64x16_64x16_4x1_v_bz_splitK_TNT",
    category: "GEMM",
    label: "cuBLASLt",
    arch_hint: "NVIDIA (GPU not stated)",
  },
  gemm_nvjet_144x128_bias: {
    name: "nvjet_tst_144x128_64x6_2x1_v_bz_bias_TNN",
    category: "GEMM",
    label: "cuBLASLt",
    arch_hint: "B200 (sm100)",
  },
  gemm_nvjet_hsh_coop: {
    name: "nvjet_hsh_128x256_64x4_2x1_v_bz_coopA_bias_TNN",
    category: "GEMM",
    label: "cuBLASLt",
    arch_hint: "H100 (sm90)",
  },
  rope_aiter_cached: {
    name:
      "void aiter::kn_entry_2c_sbhd_cached_indirect_inplace<aiter::OpCachedFwd, 1, true, false, true, true, 1, true, hip_bfloat16, hip_bfloat16, long>(hip_bfloat16*, hip_bfloat16*, hip_bfloat16 const*, hip_bfloat16 const*, long const*, int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, int)",
    category: "Other",
    label: "rope",
    arch_hint: "gfx950 (MI355X)",
  },
  rope_inductor: {
    name: "triton_poi_fused_add_clone_copy_expand_index_mul_neg_slice_split_stack_unsqueeze_view_2",
    category: "Other",
    label: "rope",
    arch_hint: "gfx950 (MI355X)",
  },
  kv_write_vllm_fp8: {
    name:
      "void vllm::reshape_and_cache_kernel<unsigned short, unsigned char, (vllm::Fp8KVCacheDataType)1>(unsigned short const*, unsigned short const*, unsigned char*, unsigned char*, long const*, int, int, int, int, int, int, float, float)",
    category: "Other",
    label: "kv-cache-write",
    arch_hint: "gfx942 (MI300X)",
  },
  kv_write_triton_flash: {
    name: "reshape_and_cache_kernel_flash",
    category: "Other",
    label: "kv-cache-write",
    arch_hint: "gfx950 (MI355X)",
  },
  kv_write_vllm_flash_fp8: {
    name:
      "void vllm::reshape_and_cache_flash_kernel<__nv_bfloat16, unsigned char, (vllm::Fp8KVCacheDataType)1>(__nv_bfloat16 const*, __nv_bfloat16 const*, unsigned char*, unsigned char*, long const*, long, long, long, long, long, int, int, int, float const*, float const*)",
    category: "Other",
    label: "kv-cache-write",
    arch_hint: "B200 (sm100)",
  },
  pa_ll4mi_fp8: {
    name:
      "_Z32paged_attention_ll4mi_QKV_kernelIDF16_hLN4vllm18Fp8KVCacheDataTypeE1ELi16ELi128ELi512ELi4EEvPKT_PKT0_S7_ifPKiS9_iPKfiiiPfSC_PS2_SD_iff",
    category: "Attention",
    label: "PA:HIP",
    arch_hint: "gfx942 (MI300X)",
  },
  pa_aiter_a16w8_ps: {
    name: "_ZN5aiter44PA_A16W8_BLK256_1TG_4W_16mx1_64nx4_MTP_PS_PBE",
    category: "Attention",
    label: "PA:ASM",
    arch_hint: "gfx942+gfx950 (MI300X+MI355X)",
  },
  pa_aiter_ps_reduce: {
    name:
      "void aiter::pa_decode_ps_reduce_hip_kernel<__hip_bfloat16, __hip_bfloat16, __hip_bfloat16, false, 128, 16, 8>(__hip_bfloat16*, float const*, float const*, __hip_bfloat16 const*, __hip_bfloat16 const*, int, int, int, int, int, int, int, int, int, int, int)",
    category: "Attention",
    label: "PA:HIP",
    arch_hint: "gfx950 (MI355X)",
  },
  pa_unified_3d: {
    name: "kernel_unified_attention_3d",
    category: "Attention",
    label: "PA:Triton",
    arch_hint: "gfx942 (MI300X)",
  },
  pa_reduce_segments: {
    name: "reduce_segments",
    category: "Attention",
    label: "PA:Triton",
    arch_hint: "gfx942 (MI300X)",
  },
  moe_topk_softmax_128x8: {
    name: "_ZN5aiter19topksoftmax_4x128x8E",
    category: "MoE",
    label: "routing",
    arch_hint: "gfx942+gfx950 (MI300X+MI355X)",
  },
  moe_grouped_topk: {
    name:
      "void aiter::grouped_topk_kernel<float, float __vector(4), 1, true, true, false>(float*, float const*, float*, int*, unsigned long, unsigned long, int, int, int, int, float)",
    category: "MoE",
    label: "routing",
    arch_hint: "gfx950 (MI355X)",
  },
  moe_route_fill: {
    name: "_moe_route_fill_kernel",
    category: "MoE",
    label: "routing",
    arch_hint: "NVIDIA (GPU not stated)",
  },
  moe_sorting_opus: {
    name:
      "void aiter::opus_moe_sorting_entry<aiter::MoeSortingMultiPhaseKernel_P23<aiter::MoeSortingProblemMp<int, float, int, 1, false, false, true> >, aiter::MoeSortingMultiPhaseKernel_P23<aiter::MoeSortingProblemMp<int, float, int, 1, false, false, true> >::Kargs>(aiter::MoeSortingMultiPhaseKernel_P23<aiter::MoeSortingProblemMp<int, float, int, 1, false, false, true> >::Kargs)",
    category: "MoE",
    label: "sort",
    arch_hint: "gfx950 (MI355X)",
  },
  quant_per_token_fp8: {
    name: "aiter::dynamic_per_token_scaled_quant_kernel",
    category: "Quantization",
    label: "FP8-quant",
    arch_hint: "gfx950 (MI355X) | target triple gfx950 in source",
  },
  moe_fmoe_stage1_fp8: {
    name: "_ZN5aiter48fmoe_stage1_bf16_pertokenFp8_g1u1_16x128_4tg_pf3E",
    category: "MoE",
    label: "expert-GEMM",
    arch_hint: "gfx942+gfx950 (MI300X+MI355X)",
  },
  moe_ck_gemm_blockscale: {
    name:
      "void ck::kernel_moe_gemm<ck::GridwiseMoeGemmBlockScale<ck::tensor_layout::gemm::RowMajor, ck::tensor_layout::gemm::ColumnMajor, ck::Tuple<ck::tensor_layout::gemm::RowMajor>, ck::tensor_layout::gemm::RowMajor, ck::f8_fnuz_t, ck::f8_fnuz_t, float, float, ck::Tuple<float>, unsigned short, ck::tensor_operation::element_wise::PassThrough, ck::tensor_operation::element_wise::PassThrough, MulABScaleExpertWeightA8W8blkscale, (ck::tensor_operation::device::GemmSpecialization)0, 256, 1, 128, 128, 16, 128, 256, 16, 16, 16, 16, 1, 2, ck::Sequence<16, 16, 1>, ck::Sequence<1, 0, 2>, ck::Sequence<1, 0, 2>, 2, 16, 16, false, 0, ck::Sequence<16, 16, 1>, ck::Sequence<1, 0, 2>, ck::Sequence<1, 0, 2>, 2, 16, 16, false, 0, 1, 2, ck::Sequence<1, 4, 1, 64>, ck::Sequence<2, 1, 1, 1>, (ck::BlockGemmPipelineScheduler)0, (ck::BlockGemmPipelineVersion)0, 0, false, false, false, true, int, ck::f8_fnuz_t, ck::f8_fnuz_t, ck::f8_fnuz_t, ck::f8_fnuz_t, true>, false, (ck::InMemoryDataOperationEnum)1, 2, (ck::TailNumber)0>(ck::GridwiseMoeGemmBlockScale<ck::tensor_layout::gemm::RowMajor, ck::tensor_layout::gemm::ColumnMajor, ck::Tuple<ck::tensor_layout::gemm::RowMajor>, ck::tensor_layout::gemm::RowMajor, ck::f8_fnuz_t, ck::f8_fnuz_t, float, float, ck::Tuple<float>, unsigned short, ck::tensor_operation::element_wise::PassThrough, ck::tensor_operation::element_wise::PassThrough, MulABScaleExpertWeightA8W8blkscale, (ck::tensor_operation::device::GemmSpecialization)0, 256, 1, 128, 128, 16, 128, 256, 16, 16, 16, 16, 1, 2, ck::Sequence<16, 16, 1>, ck::Sequence<1, 0, 2>, ck::Sequence<1, 0, 2>, 2, 16, 16, false, 0, ck::Sequence<16, 16, 1>, ck::Sequence<1, 0, 2>, ck::Sequence<1, 0, 2>, 2, 16, 16, false, 0, 1, 2, ck::Sequence<1, 4, 1, 64>, ck::Sequence<2, 1, 1, 1>, (ck::BlockGemmPipelineScheduler)0, (ck::BlockGemmPipelineVersion)0, 0, false, false, false, true, int, ck::f8_fnuz_t, ck::f8_fnuz_t, ck::f8_fnuz_t, ck::f8_fnuz_t, true>::Argument)",
    category: "MoE",
    label: "expert-GEMM",
    arch_hint: "gfx942 (MI300X) | name: FNUZ fp8 (gfx942-style)",
  },
  moe_mfma_stage1_mxfp4: {
    name: "mfma_moe1_silu_mul_afp8_wfp4_fp8_t32x128x256_pm1_fp8q_sort_async_gui_xcd4_v32",
    category: "MoE",
    label: "expert-GEMM",
    arch_hint: "gfx950 (MI355X) | name: FP4/MXFP4 data type, xcd4 (XCD-aware)",
  },
  moe_mfma_stage2_mxfp4: {
    name: "mfma_moe2_afp8_wfp4_bf16_cshuffle_t32x256x256_vscale_fix3_fp4opt_v1_pm1_xcd4",
    category: "MoE",
    label: "expert-GEMM",
    arch_hint: "gfx950 (MI355X) | name: FP4/MXFP4 data type, xcd4 (XCD-aware)",
  },
  moe_reduction_topk: {
    name: "moe_reduction_kernel_plain_bf16_topk16_md3584",
    category: "MoE",
    label: "combine",
    arch_hint: "gfx950 (MI355X)",
  },
  moe_fused_triton: {
    name: "fused_moe_kernel",
    category: "MoE",
    label: "expert-GEMM",
    arch_hint: "NVIDIA (GPU not stated)",
  },
} as const satisfies Record<string, CorpusKernel>;

/** A key of {@link CORPUS_KERNELS}. */
export type KernelKey = keyof typeof CORPUS_KERNELS;
