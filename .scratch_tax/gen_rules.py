# Scratch generator for queries/taxonomy/rules.tsv (the TSV is the artifact).
H = r"(^|::type )([^<(]|\(anonymous namespace\))*"   # kernel's own name, before template/argument lists
B = r"(^|[^A-Za-z])"                                   # identifier boundary: start, digit (mangled), ':', '_', space
T = r"(…|\.\.\.)?$"                                     # end, allowing a profiler/author truncation mark
CKT = r"ck_tile(::|\d+)kentry(<(\d+, )?ck_tile::|I(Li\d+E)?NS_\d+)"  # ck_tile kernel entry: the kernel class is its first template argument
AITER_ASM = r"^(_ZN5aiter\d+|aiter::)"                  # aiter kernel, mangled or demangled (assembly when nothing follows)

sections = []
def section(title, *lines):
    sections.append((title, lines, []))
def r(id, prio, pattern, cat, backend, sub="", op="", prec="", note=""):
    sections[-1][2].append((id, prio, pattern, cat, backend, sub, op, prec, note))

section("Inductor (torch.compile) generated Triton kernels: the name style decides (trap: triton_poi_fused_add_all_reduce_0 is pointwise, not a collective)")
r("inductor-template-attention", 1080, r"^triton_tem_fused\w*(flex_attention|flex_decoding|sdpa|attention)", "Attention", "Triton", "FA", note="Inductor flex-attention template")
r("inductor-template-conv", 1075, r"^triton_tem_fused\w*convolution", "Other", "Triton", "conv", note="Inductor convolution template")
r("inductor-template-gemm", 1070, r"^triton_tem_", "GEMM", "Triton", note="Inductor autotuned templates are mm/addmm/bmm")
r("inductor-rope", 1060, r"^triton_[a-z]+_fused\w*(_mul\w*_neg\w*_slice|_cos\w*_sin(_|$)|rotary|_rope(_|$))", "Other", "Triton", "rope", note="rotate_half: cat/stack of -x2 and x1 (ops are listed alphabetically: mul < neg < slice)")
r("inductor-norm", 1055, r"^triton_[a-z]+_fused\w*(_mean\w*_rsqrt|_var_mean|layer_norm|rms_norm|group_norm|batch_norm)", "Other", "Triton", "norm", note="RMSNorm decomposed: mean(x^2) then rsqrt")
r("inductor-embedding", 1050, r"^triton_[a-z]+_fused\w*_embedding(_|$)", "Other", "Triton", "embedding")
r("inductor-activation", 1050, r"^triton_poi_fused\w*_(silu|gelu|relu|sigmoid|tanh|hardswish|mish|softplus)(_|$)", "Other", "Triton", "activation")
r("inductor-copy", 1045, r"^triton_poi_fused(_+(to_copy|clone|copy|view|unsafe_view|permute|transpose|expand|unsqueeze|squeeze|cat|slice|select|split|t|contiguous|lift_fresh))+_\d+$", "Other", "Triton", "copy", note="only layout/cast ops: a copy")
r("inductor-reduction", 1040, r"^triton_(red|per)_", "Other", "Triton", "reduction")
r("inductor-pointwise", 1030, r"^triton_(poi|for)_", "Other", "Triton", "elementwise", note="pointwise fusion, whatever op names follow (all_reduce, moe_forward ...)")

section("Runtime copies and fills (also in memory_ops; a kernel named like one is Other/copy|memset)")
r("runtime-memcpy", 990, r"^(Memcpy|memcpy|Copy(Host|Device|Peer)To(Host|Device|Peer)|CopyBuffer)|__amd_rocclr_copy", "Other", "runtime", "copy")
r("runtime-memset", 990, r"^(Memset|memset|FillBuffer|Fill Buffer)|__amd_rocclr_fill", "Other", "runtime", "memset")

section("Collectives: NCCL/RCCL, MSCCL, custom all-reduce (vLLM, aiter, sglang, Iris, FlashInfer, torch symmetric memory) and expert-parallel all-to-all")
r("rccl-generic", 970, r"ncclDevKernel_Generic|ncclKernel_Generic", "AllReduce", "RCCL", op="generic", note="RCCL hides the collective behind one generic kernel")
r("msccl", 965, r"mscclKernel_", "AllReduce", "RCCL", op="allreduce", note="MSCCL schedules in RCCL; the name carries only the reduction op")
r("nccl-allreduce", 960, r"(?i)nccl\w*all_?reduce", "AllReduce", "NCCL", op="allreduce")
r("nccl-allgather", 960, r"(?i)nccl\w*all_?gather", "AllReduce", "NCCL", op="all-gather")
r("nccl-reducescatter", 960, r"(?i)nccl\w*reduce_?scatter", "AllReduce", "NCCL", op="reduce-scatter")
r("nccl-alltoall", 960, r"(?i)nccl\w*all_?to_?all", "AllReduce", "NCCL", op="all-to-all")
r("nccl-broadcast", 960, r"(?i)nccl\w*broadcast", "AllReduce", "NCCL", op="broadcast")
r("nccl-sendrecv", 960, r"(?i)nccl\w*(send|recv)", "AllReduce", "NCCL", op="send-recv")
r("nccl-reduce", 955, r"(?i)nccl\w*reduce", "AllReduce", "NCCL", op="reduce")
r("nccl-other", 950, r"(?i)(^|[^a-z])nccl", "AllReduce", "NCCL", op="generic")
r("ep-all-to-all", 945, B + r"(deep_ep|mori|pplx|uccl_ep)(::|\d)|Ep(Dispatch|Combine)|(?i:(^|[^a-z])a2a(_|$)|all_?to_?all)", "AllReduce", "custom", op="all-to-all", note="expert-parallel dispatch/combine (DeepEP, MoRI, pplx) and a2a kernels")
r("custom-reduce-scatter", 942, r"(?i)reduce_?scatter", "AllReduce", "custom", op="reduce-scatter")
r("custom-all-gather", 942, r"(?i)all_?gather", "AllReduce", "custom", op="all-gather")
r("custom-allreduce", 940, r"(?i)all_?reduce|cross_device_reduce|quick_?reduce|local_device_load_rmsnorm|lamport|(^|[^a-z])custom_?ar(_|$)", "AllReduce", "custom", op="allreduce", note="vLLM/aiter cross_device_reduce, aiter stage-2 load+RMSNorm, one/two-shot, Lamport fusion kernels")
r("iris-reduce", 935, B + r"iris_\w*reduce", "AllReduce", "custom", op="reduce", note="Iris symmetric-heap reduce")

section("Families named by the kernel's leading identifier (they outrank the fused-op words their names may carry)")
r("moe-matmul-ogs", 895, B + r"_?matmul_ogs", "MoE", "Triton", "expert-GEMM", note="triton_kernels matmul_ogs (gather/scatter expert GEMM)")
r("moe-mfma-jit", 895, r"^mfma_moe\d?_", "MoE", "aiter-JIT", "expert-GEMM", note="aiter JIT mfma_moe stage 1/2 (names carry 'sort' and 'silu' as options)")
r("conv-cudnn", 892, r"xmma_(fprop|dgrad|wgrad)|(?i:implicit_?convolve|cudnn\w*conv|(ampere|volta|turing|hopper|sm\d+)_\w*cudnn)", "Other", "cuDNN", "conv", note="cuDNN convolutions (their names say gemm)")
r("gemm-hipblaslt", 890, r"^Cijk_\w*(UserArgs|_Bias|_SAV|PostGSU|_HAS?_)|^Custom\w*_Cijk_", "GEMM", "hipBLASLt", note="Tensile kernels of hipBLASLt incl. Custom*_Cijk_ hand-tuned and PostGSU split-K reduction")
r("gemm-cublaslt", 886, r"^nvjet_|splitKreduce_kernel|cublasLt", "GEMM", "cuBLASLt")
r("gemm-tensile-rocblas", 885, r"^Cijk_", "GEMM", "rocBLAS", note="Tensile kernel without hipBLASLt's UserArgs/Bias/ScaleAlphaVec/PostGSU markers: rocBLAS's library")
r("gemm-flydsl", 885, r"^hgemm_|^flydsl_\w*gemm", "GEMM", "FlyDSL")
r("gemm-aiter-asm", 885, r"^aiter::[A-Za-z0-9_]*gemm[A-Za-z0-9_]*$|^_ZN5aiter\d+[A-Za-z0-9_]*gemm[A-Za-z0-9_]*E$|^flatmm_uk_|^f8_block_scale_mi3\d0_|^gemm_kernel_func$", "GEMM", "ASM", note="aiter .co kernels: one identifier, no template arguments")
r("gemm-cublas", 885, r"^(void )?(sm\d+_xmma_gemm|xmma_gemm|(ampere|volta|turing|hopper|maxwell)_\w*gemm|gemv2[NT]_kernel|gemvx?_kernel|gemmSN_|gemmk1_kernel)|cutlass::Kernel2?<cutlass_\d+_|_ZN7cutlass7Kernel2?I\d+cutlass_\d+_", "GEMM", "cuBLAS", note="cuBLAS incl. the cutlass_80_* kernels it ships")
r("gemm-triton-leading", 880, r"^_?(batched_)?(gemm|matmul|bmm)[A-Za-z0-9_]*" + T + r"|^_?fused\w*_(bmm|gemm)_[A-Za-z0-9_]*" + T, "GEMM", "Triton", note="Triton GEMMs (aiter _gemm_a8w8_*, _batched_gemm_*, fused bmm+rope+cache): quant/rope words in the name are epilogues")

section("Composable Kernel tile kernels: ck_tile::kentry<..., Class> is named by its class (mangled or not)")
r("ck-tile-fmha", 884, CKT + r"Fmha", "Attention", "CK", "FA", note="FmhaFwd/Bwd/SplitKV/AppendKV/BatchPrefillWithPagedKVCache kernels")
r("ck-tile-norm", 884, CKT + r"(Add)?(Rmsnorm|Layernorm)2d", "Other", "CK", "norm")
r("ck-tile-moe-sort", 884, CKT + r"MoeSorting", "MoE", "CK", "sort")
r("ck-tile-moe-gemm", 884, CKT + r"(FusedMoe|MoeFlatmm|MoeGemm)", "MoE", "CK", "expert-GEMM")
r("ck-tile-topk-softmax", 884, CKT + r"TopkSoftmax", "MoE", "CK", "routing")
r("ck-tile-quant", 884, CKT + r"(Moe)?Smoothquant", "Quantization", "CK", "INT8-quant", prec="int8")
r("ck-tile-gemm", 883, CKT + r"\w*(Gemm|Flatmm|StreamK)", "GEMM", "CK")
r("ck-attention", 883, B + r"ck(::|\d+)kernel_batched_gemm_softmax_gemm", "Attention", "CK", "FA", note="pre-tile CK attention (gemm-softmax-gemm)")

section("Fused operations whose name says what they write or rotate (they outrank attention and quant words)")
r("kv-cache-insert", 878, H + r"(?i:(kv|cache|rope)\w*insert|insert\w*(kv|cache))", "Other", "auto", "kv-cache-write", note="norm/rope/quant fused into a KV-cache insert")
r("rope", 870, H + r"(" + B + r"(rope|rotary)|Rope|RoPE|Rotary|ROPE|rotate_half|" + B + r"kn_entry_[12]c_)", "Other", "auto", "rope", note="RoPE, also fused with QK-norm, quant or a cache store (rope_cat_and_cache => rope); aiter kn_entry_* rope kernels")
r("kv-cache-read", 866, H + r"(?i:gather\w*cache|cache\w*gather|dequantize_and_gather|gather_and_\w*dequant|(^|[^a-z])gather_kv|load_kv_cache|paged_kv_gather|cp_gather)", "Other", "auto", "kv-cache-read", note="gather (and dequant) of cached KV: a cache op, not a standalone dequant")
r("kv-cache-write", 862, H + r"(?i:reshape_and_cache|concat_and_cache|_and_cache(_|$)|store_?kv_?cache|set_kv_buffer|write_?to_?kv|kv_?cache_?(write|store|update|append)|destindex_copy_kv|copy_kv_to_cache|append_?paged_?kv|(^|[^a-z])store_cache)|(Concat|Store|Write|Append|Insert|Update|Reshape)\w*KVCache|KVCache(Write|Store|Append|Insert|Update)", "Other", "auto", "kv-cache-write", note="KV-cache writes, also with fp8 quant inside")
r("mla-metadata", 858, H + r"(?i:mla_?metadata|get_mla_meta)", "Other", "auto", "metadata", note="MLA work-partition metadata (contestable: could count as Attention)")

section("MoE: expert GEMMs, sorting/alignment, routing (gate, top-k), combine")
r("moe-triton-fused-moe", 845, H + B + r"_?fused_moe(_|$)", "MoE", "Triton", "expert-GEMM", note="vLLM/SGLang Triton fused_moe_kernel: MoE, not dense GEMM")
r("moe-fmoe-asm", 845, B + r"fmoe(_|$)", "MoE", "ASM", "expert-GEMM", note="aiter fmoe .co kernels (1-stage and 2-stage)")
r("moe-ck", 845, r"(^|[^A-Za-z])(ck|ck_tile)(::|\d)\w*(kernel_)?moe_?(mx)?gemm|MoeGemm|MoeFlatmm|FusedMoeGemm|MoeMxGemm", "MoE", "CK", "expert-GEMM", note="CK kernel_moe_gemm / ck_tile MoeFlatmm: CK but MoE")
r("moe-gluon", 843, r"(?i)gluon\w*moe|moe\w*gluon", "MoE", "Triton", "expert-GEMM", note="Gluon MoE stages")
r("moe-grouped-cutlass", 840, r"GroupProblemShape|(^|[^A-Za-z])m_grouped|GroupedContiguous|GroupedMasked|\(deep_gemm::GemmType\)[12]|(?i:cutlass_?moe|(^|[^a-z])moe_mm)", "MoE", "CUTLASS", "expert-GEMM", note="grouped GEMM over experts (torch _grouped_mm, DeepGEMM m_grouped, vLLM cutlass MoE)")
r("moe-marlin", 840, r"(?i)marlin\w*moe|moe\w*marlin", "MoE", "Marlin", "expert-GEMM")
r("moe-gemm", 835, H + r"(?i:moe_?gemm|moe_?mlp|moe_wna16|moe_?fc_?gemm|expert_?gemm|moe_?ffn)", "MoE", "auto", "expert-GEMM")
r("moe-sort", 832, H + r"(?i:moe\w*sort|sort\w*moe|moe_?align|align_block_size|sort_?expert|expert_?sort|count_and_sort|moe_?permute|expand_?input_?rows|ep_scatter|scatter_to_experts)|MoeSorting", "MoE", "auto", "sort", note="moe_sorting, moe_align_block_size, MXFP4 scale re-order, token permute")
r("moe-combine", 830, H + r"(?i:moe_?sum|moe_?reduc|moe_?combine|moe_?finalize|finalize_?moe|finalize_matmul|moe_?unpermute|(^|[^a-z])unpermute|topk_?reduce|scatter_?sum|ep_gather|gather_from_experts)", "MoE", "auto", "combine", note="finalize / top-k weighted sum of expert outputs")
r("moe-routing-asm", 829, AITER_ASM + r"topk_?softmax_\d", "MoE", "ASM", "routing", note="aiter topksoftmax .co kernels")
r("moe-routing", 828, H + r"(?i:topk_?softmax|topk_?sigmoid|topk_?gating|gating_?softmax|grouped_?topk|fused_?topk|moe_?fused_?gate|moe_?gate|moe_?softmax|moe_?topk|moe_?route|routing|router|bitmatrix|expert_?select|noaux|(^|[^a-z])_?topk_forward)|TopkSoftmax", "MoE", "auto", "routing", note="gate softmax/sigmoid and top-k expert selection")

section("Attention: sparse-index (DSA indexer), linear attention, MLA, paged decode, flash/prefill")
r("attn-sparse-idx-triton", 792, r"^_[A-Za-z0-9_]*(mqa_logits|topk_index_merge|indexer)[A-Za-z0-9_]*" + T, "Attention", "Triton", "sparse-idx")
r("attn-sparse-idx", 790, H + r"(?i:mqa_?logits|topk_?per_?row|top_k_per_row|decodetopk|topk_index_merge|coop_topk|indexer_?topk|sparse_?topk|lightning_?indexer|indexer_?(logits|score))", "Attention", "auto", "sparse-idx", note="DeepSeek sparse-attention indexer logits and top-k: not MoE top-k")
r("attn-linear", 785, H + r"(?i:gated_?delta|delta_?rule|chunk_gla|gla_fwd|fused_recurrent|chunk_kda|(^|[^a-z])kda_|chunk_scaled_dot_kkt|solve_tril|recompute_w_u|chunk_fwd_kernel_o|chunk_local_cumsum|chunk_cumsum|lightning_attn|linear_attn|selective_scan|selective_state_update|(^|[^a-z])ssd_|chunk_scan|chunk_state|state_passing|bmm_chunk|mamba|rwkv|(^|[^a-z])wkv)", "Attention", "Triton", "linear-attn", note="KDA / GLA / gated delta rule / Mamba SSM (FLA and mamba Triton kernels)")
r("attn-mla-cutlass", 770, r"FmhaMla|M[Ll][Aa]Kernel|Sm100Mla|cutlass_?mla", "Attention", "CUTLASS", "MLA", note="CUTLASS/FlashInfer sm100 MLA")
r("attn-mla-asm", 765, AITER_ASM + r"mla_", "Attention", "ASM", "MLA", note="aiter MLA decode/prefill .co kernels")
r("attn-mla-flydsl", 763, r"^flydsl_\w*mla", "Attention", "FlyDSL", "MLA")
r("attn-mla-flashmla", 762, H + r"(?i:flash_?mla)", "Attention", "CUDA", "MLA", note="FlashMLA")
r("attn-mla-triton", 761, r"^_[A-Za-z0-9_]*(mla|sparse_attn|partial_states|stage2_asm|merge_attn_states)[A-Za-z0-9_]*" + T, "Attention", "Triton", "MLA", note="split-KV stage-2 reduce after the aiter ASM MLA, DSA sparse decode")
r("attn-mla", 760, H + r"(" + B + r"mla(_|$|[A-Z0-9])|[a-z0-9]ML[Aa]([A-Z_]|$)|" + B + r"MLA|(?i:sparse_?mla|sparse_attn|merge_attn_states|save_partial_states))", "Attention", "auto", "MLA", note="MLA decode and its reduce/merge kernels")
r("attn-pa-hip", 749, H + r"(aiter::|_ZN5aiter\d+)pa_\w*(hip|reduce)|paged_attention_ll4mi", "Attention", "HIP", "PA", note="vLLM-ROCm ll4mi, aiter paged-attention HIP kernels")
r("attn-pa-asm", 748, AITER_ASM + r"(pa|PA)_", "Attention", "ASM", "PA", note="aiter pa_* .co kernels (pa_bf16_noquant_* is attention, not quant)")
r("attn-pa-triton", 746, H + r"(kernel_unified_attention|" + B + r"_?unified_attention|_fwd_kernel_stage[12]|_fwd_grouped_kernel_stage1|paged_attention_decode|kernel_paged_attention|_paged_attn|_pa_decode)|^reduce_segments" + T, "Attention", "Triton", "PA", note="vLLM unified attention (2d/3d + reduce_segments), Triton split-KV decode stages")
r("attn-pa-flashinfer", 746, r"(?i:flashinfer)(::|\d)\w*(Decode|MergeState)|BatchDecodeWith\w*KVCache|SingleDecodeWith\w*KVCache", "Attention", "FlashInfer", "PA")
r("attn-pa-trtllm", 746, r"masked_multihead_attention|(^|[^A-Za-z])mmha_|xqa_?kernel|kernel_mha|^fmha\w*ForGen", "Attention", "TRT-LLM", "PA", note="generation (decode) kernels")
r("attn-pa", 744, H + r"(?i:paged_?attention|paged_?attn|(^|[^a-z])pa_decode|decode_?attention|attention_?decode|flash_?decoding|decode_?attn|attn_?decode)", "Attention", "auto", "PA", note="paged decode attention (vLLM paged_attention_v1/v2 ...)")
r("attn-fa-asm", 728, AITER_ASM + r"fmha", "Attention", "ASM", "FA", note="aiter fmha v3/v4 .co kernels")
r("attn-fa-cutlass-fmha", 727, r"cutlass(::|\d+)fmha", "Attention", "CUTLASS", "FA", note="CUTLASS example FMHA (sm100)")
r("attn-fa-ck", 726, r"Fmha(Fwd|Bwd|Batch|Split|Append|Paged)|BlockFmha|" + B + r"fmha_(fwd|bwd)", "Attention", "CK", "FA", note="ck_tile FMHA (template args mention Gemm blocks: attention outranks GEMM)")
r("attn-fa-flash", 726, r"(^|[^A-Za-z_])flash(::|_fwd|_bwd|\d)|FlashAttn|(?i:flash_?attn)|pytorch_flash", "Attention", "CUTLASS", "FA", note="FlashAttention-2/3 (incl. PyTorch SDPA flash, vllm-flash-attn)")
r("attn-fa-cudnn", 726, r"(?i)cudnn\w*(sdpa|flash|fmha|mha|attn)|sdpa\w*(fprop|bprop)|flash_(fprop|bprop)", "Attention", "cuDNN", "FA")
r("attn-fa-trtllm", 724, r"^fmha(Sm\d+a?)?Kernel|(^|[^A-Za-z])fmhaSm\d+|fmha_v2|fused_multihead_attention", "Attention", "TRT-LLM-gen", "FA", note="context (prefill) kernels")
r("attn-fa-xformers", 724, r"fmha_cutlass[FB]|efficient_attention|AttentionKernel|attention_kernel_batched|mem_?eff", "Attention", "CUTLASS", "FA", note="memory-efficient attention")
r("attn-fa-flashinfer", 724, r"(?i:flashinfer)(::|\d)\w*Prefill|BatchPrefillWith\w*KVCache|SinglePrefillWith\w*KVCache", "Attention", "FlashInfer", "FA")
r("attn-fa-opus", 724, B + r"(gqa_d\d+|opus_(gqa|fmha|attn|mha))", "Attention", "HIP", "FA", note="aiter opus GQA prefill")
r("attn-fa-triton", 722, H + B + r"_*(attn_fwd|attn_bwd|attention_fwd|context_attention|prefill_attention|extend_attention|sdpa_fwd|bwd_kernel_(dk_dv|dq)|bwd_preprocess)|^_+fwd_kernel", "Attention", "Triton", "FA", note="AOTriton attn_fwd, Triton prefill/extend _fwd_kernel")
r("attn-decode-generic", 705, H + r"(?i:(attn|attention)\w*decode|decode\w*(attn|attention))", "Attention", "auto", "PA", note="fallback: an attention kernel that says decode")
r("attn-generic", 700, H + r"(?i:attention|(^|[^a-z])attn(_|$))", "Attention", "auto", "FA", note="fallback: an attention kernel of unknown family")

section("Other: fused LLM ops named by what they do")
r("gemm-deepgemm", 668, r"deep_gemm(::|\d)|DeepGemm", "GEMM", "CUTLASS", note="DeepGEMM (incl. hyper-connection prenorm GEMM)")
r("gemm-mhc", 667, B + r"mhc_pre_gemm", "GEMM", "HIP-custom", note="aiter mHC pre-projection GEMM")
r("residual-mixing", 660, H + r"(" + B + r"m?hc_(pre|post)|(?i:hyper_?connection))", "Other", "auto", "residual-mixing", note="mHC hyper-connection mixing (TileLang, aiter)")
r("spec-decode", 655, H + r"(?i:draft|eagle|spec_?decode|speculative|verify_tree|tree_?spec|build_tree|medusa|accept_?(len|tok|index)|lookahead)", "Other", "auto", "spec-decode")
r("sampling", 650, H + r"(" + B + r"sampl|Sampl|(?i:top_?k_?top_?p|top_?p_?(renorm|sampl|mask)|top_?k_?(renorm|mask)|min_?p|gumbel|rejection|penalt|temperature|logprob|log_?softmax|argmax|multinomial))", "Other", "auto", "sampling", note="samplers: top-k/top-p/min-p, Gumbel, rejection, penalties")
r("embedding", 645, H + r"(?i:embedding|embed_?tokens|vocab_?embed|get_masked_input)", "Other", "auto", "embedding")
r("norm", 640, H + r"(" + B + r"(rms|RMS)(_|norm|Norm)|(?i:(rms|layer|group|batch|instance|l2|qk|q|k|kv|add|gated|fused)_?norm|layernorm|rmsnorm))|(Rms|Layer)norm2d|RowwiseMoments|GammaBeta", "Other", "auto", "norm", note="RMSNorm/LayerNorm, also with residual add or a quant epilogue (norm+quant => norm); ck_tile Rmsnorm2d")
r("activation-torch", 636, r"at::native\W.*(silu_kernel|gelu_kernel|GeluCUDAKernel|threshold_kernel|relu|sigmoid_kernel|tanh_kernel|hardswish|softplus_kernel|(^|[^A-Za-z])elu_kernel|mish)", "Other", "torch", "activation")
r("activation", 635, H + r"(?i:act_and_mul|and_mul|mul_and_|silu|gelu|relu|swiglu|geglu|swish|mish|softplus|hard_?swish)", "Other", "auto", "activation", note="SiLU-and-mul and friends")
r("metadata-copy", 632, H + r"(?i:metadata_?copy)", "Other", "auto", "copy", note="copies of metadata buffers")
r("metadata", 630, H + r"(?i:metadata|positions?([^a-z]|$)|kv_?indices|kv_?indptr|page_?indices|page_?table|cache_?locs?|block_?tables?|slot_?mapping|seq_?lens|seqlens|prepare_?inputs|req_?to_?token|future_?token|query_start_loc|prepare_grouped_gemm_data|advance_step|input_?ids|token_?ids)", "Other", "auto", "metadata", note="positions, KV indices, slot mappings, scheduler bookkeeping")
r("conv", 620, H + r"(?i:conv[123]d|causal_?conv|convol|conv_?(fwd|bwd|wrw)|winograd|im2col|col2im|implicit_?gemm|depthwise)|xmma_(fprop|dgrad|wgrad)|(?i:cudnn\w*conv)|[a-z]Conv([^e]|$)", "Other", "auto", "conv", note="convolutions (causal conv1d, cuDNN)")
r("scan-lib", 611, r"(cub|rocprim|hipcub)\W.*(Scan|scan|Sort|sort|Select|select|Histogram)|Device(Scan|RadixSort|SegmentedRadixSort|SegmentedSort|Select|MergeSort)", "Other", "CUB/rocPRIM", "scan", note="device-wide scans and sorts")
r("scan", 610, H + r"(?i:cumsum|cumprod|prefix_?sum|inclusive_?scan|exclusive_?scan|scan_kernel|kernel_scan|lookback)", "Other", "auto", "scan", note="cumsum and other scans")

section("Quantization: standalone quant/dequant kernels (fused into a GEMM, norm, rope or cache op they are labelled by that op)")
r("quant-mxfp4", 548, r"(?i)^([^(]|\(anonymous namespace\))*(quant[^(]*fp4|fp4\w*quant|(^|[^a-z])cvt_\w*fp4|fp4_?(cast|convert))", "Quantization", "auto", "MXFP4-quant", prec="mxfp4", note="FP4 activation quant (also templated on fp4x2)")
r("quant-mx", 546, r"(?i)^([^(]|\(anonymous namespace\))*(mxfp[68]\w*quant|quant\w*mxfp[68]|(^|[^a-z])mx_?quant|mx_?scale_?quant)", "Quantization", "auto", "MX-quant")
r("quant-int8", 544, r"(?i)^([^(]|\(anonymous namespace\))*((int8|(^|[^a-z])i8)\w*quant|quant\w*int8)|[Ss]mooth_?quant", "Quantization", "auto", "INT8-quant", prec="int8")
r("quant-dequant", 542, H + r"(?i:dequant)", "Quantization", "auto", "dequant")
r("quant-fp8", 540, H + r"(?i:quant|fp8_?cast|cast_?to_?fp8|convert_fp8)|segmented_max_reduction", "Quantization", "auto", "FP8-quant", prec="fp8", note="per-tensor/token/group FP8 activation quant (default when the name gives no dtype)")

section("GEMM by library when no family above claimed the name")
r("gemm-hip-custom", 575, B + r"(wvSpl(i?t)?K\w*|LLGemm\w*|LLMM1|wv_splitk)|" + B + r"opus(_|::)|splitk_reduce_kernel|aiter(::|\d+)\w*gemm", "GEMM", "HIP-custom", note="vLLM ROCm skinny GEMMs, aiter opus/persistent GEMMs and their split-K reduce")
r("gemm-marlin", 572, r"(?i)marlin", "GEMM", "Marlin")
r("gemm-ck", 570, B + r"ck(::|\d+)\w*([Gg]emm|GEMM)|ck_tile(::|\d+)\w*Gemm|DeviceGemm|GridwiseGemm|(Gemm|Flatmm|GroupedGemm|BatchedGemm|StreamK)Kernel", "GEMM", "CK")
r("gemm-cutlass", 565, r"cutlass(::|\d+)(device_kernel|Kernel2?|gemm)|_ZN7cutlass\d+(device_kernel|Kernel)|" + B + r"cutlass_", "GEMM", "CUTLASS")
r("gemm-rocblas", 565, r"(?i)rocblas|(^|[^a-z])(gemv[tn]_kernel|gemv[tn]_sn_kernel|gemm_batched_kernel)", "GEMM", "rocBLAS")
r("gemm-torch", 560, r"at::(native|cuda)\W.*(gemv|gemm|addmm|bmm|matmul|Gemm)", "GEMM", "torch", note="ATen's own GEMV/GEMM fallbacks")
r("gemm-triton", 555, r"^_?[A-Za-z0-9_]*(gemm|GEMM|matmul|bmm)[A-Za-z0-9_]*" + T, "GEMM", "Triton", note="a single identifier (Triton style) naming a GEMM")
r("gemm-generic", 550, H + r"(?i:gemm|gemv|matmul|(^|[^a-z])bmm|(^|[^a-z])mm_|scaled_mm)", "GEMM", "auto")

section("Generic kernels of PyTorch and the GPU libraries")
r("sampling-torch", 395, r"ArgMaxOps|ArgMinOps|cunn_SoftMax|softmax_warp_(forward|backward)|SoftMaxForward|LogSoftMax|distribution_elementwise|distribution_nullary|multinomial|sbtopk|mbtopk|gatherTopK|radixFindKthValues|bitonicSortKVInPlace|radixSortKVInPlace|sort_postprocess|segmented_sort|warp_?merge_?sort", "Other", "torch", "sampling", note="torch softmax/argmax/RNG/top-k/sort: the sampler's kernels in LLM serving")
r("index-torch", 390, r"index_elementwise_kernel|vectorized_gather_kernel|indexSelect|index_select|index_put|index_copy|index_fill|index_add|scatter_gather|(^|[^A-Za-z])(gather|scatter)_kernel|searchsorted|take_kernel|masked_scatter|masked_select|nonzero|(^|[^a-z])unique|bucketize|embedding_dense|put_kernel|(^|[^A-Za-z])index_kernel", "Other", "torch", "index")
r("copy-torch", 382, r"CatArrayBatchedCopy|direct_copy_kernel|(^|[^A-Za-z])copy_kernel|_copy_kernel|CopyFunctor|(^|[^A-Za-z])Copy<|(?i:transpose|permute)", "Other", "torch", "copy", note="copies, casts (dtype copy), cat and transposes")
r("copy", 380, H + r"(?i:copy|memcpy|clone|contiguous|(^|[^a-z])cat_|concat|nchw_?to_?nhwc|nhwc_?to_?nchw)", "Other", "auto", "copy")
r("memset-torch", 376, r"FillFunctor", "Other", "torch", "memset")
r("memset", 375, H + r"(?i:memset|(^|[^a-z])fill(_|$)|zero_?(init|fill|out)|(^|[^a-z])zeros?_kernel)", "Other", "auto", "memset")
r("reduction-torch", 362, r"at::native::reduce_kernel|ReduceOp<|kernelHistogram|at::native\W.*(?i:max_pool|avg_pool|adaptive_\w*pool)", "Other", "torch", "reduction", note="ATen reductions (mean/sum of decomposed norms), histograms, pooling")
r("reduction-lib", 361, r"DeviceReduce|lean_reduction", "Other", "CUB/cuDNN", "reduction")
r("reduction", 360, r"(^|[^A-Za-z])reduce_kernel|histogram|(?i:max_pool|avg_pool|adaptive_\w*pool)|" + H + r"(?i:reduc|(^|[^a-z])sum_kernel|(^|[^a-z])amax)", "Other", "auto", "reduction", note="reductions, histograms, pooling")
r("conv-miopen", 622, B + r"igemm_(fwd|bwd|wrw)|naive_conv|(?i:miopen\w*conv)|AsmConv", "Other", "MIOpen", "conv", note="MIOpen implicit-GEMM / assembly convolutions")
r("copy-miopen", 384, r"^batched_transpose_", "Other", "MIOpen", "copy", note="MIOpen layout transposes")
r("elementwise-miopen", 340, r"SubTensorOp|(^|[^A-Za-z])Op(Tensor|Scalar)|(?i:miopen)", "Other", "MIOpen", "elementwise")
r("elementwise-torch", 330, r"elementwise_kernel|(^|[^A-Za-z])(at|at_cuda_detail|c10)::|_ZN2at|Functor", "Other", "torch", "elementwise", note="any other ATen kernel")
r("elementwise", 320, H + r"(?i:elementwise|pointwise)", "Other", "auto", "elementwise")

header = "\t".join(["id","priority","pattern","category","backend","sub_kind","collective_op","precision","note"])
out = []
out.append("""# tracedeck kernel taxonomy: built-in rules (shared/spec/taxonomy.md).
#
# One rule per kernel FAMILY. Columns (tab-separated):
#   id             unique rule id
#   priority       higher wins when several rules match (user rule files outrank all of these)
#   pattern        RE2 regex (DuckDB regexp_matches), searched anywhere in the kernel name after the
#                  profiler suffix ".kd" / " [clone .kd]" is removed
#   category       GEMM | Attention | MoE | AllReduce | Quantization | Other
#   backend        who generated the code (hipBLASLt, ASM, CK, Triton, torch, NCCL, custom ...);
#                  "auto" for families written in several: Triton when the name is one plain identifier
#                  (how Triton names kernels), torch when it is in ATen's namespace, else HIP/CUDA
#   sub_kind       Attention FA|PA|MLA|sparse-idx|linear-attn; MoE routing|sort|expert-GEMM|combine;
#                  Quantization FP8-quant|MXFP4-quant|MX-quant|INT8-quant|dequant; Other norm|rope|...
#   collective_op  AllReduce only: allreduce|all-gather|reduce-scatter|all-to-all|reduce|broadcast|send-recv|generic
#   precision      only when the family always has one; otherwise precision_hints.tsv decides
#   note           why the rule exists
#
# Pattern idioms:
#   (^|[^A-Za-z])word   word at an identifier boundary; matches mangled (_ZN5aiter24word...) and
#                       demangled (aiter::word<...>) spellings alike
#   (^|::type )([^<(]|\\(anonymous namespace\\))*word
#                       word in the kernel's own qualified name, not in its template arguments
#                       (the "::type " start skips an enable_if<...>::type return type)
#   (…|\\.\\.\\.)?$        end of name, also when the profiler or a table truncated it
#
# Ordering principle: whole-name styles (Inductor, runtime) > collectives > families named by their
# leading identifier > fused ops named by what they write (kv-cache, rope) > MoE > attention >
# norm/activation/sampling/... > standalone quant > GEMM by library > generic ATen/library kernels.
""")
out.append(header)
for title, _, rules in sections:
    out.append("")
    out.append("# == " + title)
    for rule in rules:
        assert "\t" not in "".join(str(x) for x in rule)
        out.append("\t".join(str(x) for x in rule))
open("/work/main/queries/taxonomy/rules.tsv", "w").write("\n".join(out) + "\n")
print(sum(len(s[2]) for s in sections), "rules")
