/**
 * capture/manifest against stand-in tools: the GPU from amd-smi (+rocminfo),
 * rocminfo alone and nvidia-smi; packages from pip; relevant environment with
 * secrets dropped (from env and from server arguments); sha256 of tuned
 * configs and the shipped-kernel inventory (hashes recomputed here); and how
 * lib/ingest/manifest.ts turns run.json into run metadata.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CAPTURE, cleanEnv, run, toolDir } from "./standin_env.ts";
import { type CaptureManifest, manifestMeta, readManifest } from "../../lib/ingest/manifest.ts";
import { InputError } from "../../lib/cli/errors.ts";

async function manifest(
  tools: string[],
  vars: Record<string, string>,
  args: string[] = [],
): Promise<{ doc: CaptureManifest; text: string; dir: string }> {
  const bin = await toolDir(tools);
  const dir = await Deno.makeTempDir({ prefix: "tracedeck-manifest-" });
  try {
    const r = await run([CAPTURE + "manifest", "--out", dir, ...args], cleanEnv(bin, vars));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `${dir}/run.json`);
    const text = await Deno.readTextFile(`${dir}/run.json`);
    return { doc: JSON.parse(text), text, dir };
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
}

async function sha256(path: string): Promise<string> {
  return createHash("sha256").update(await Deno.readFile(path)).digest("hex");
}

Deno.test("manifest on an MI300X host: amd-smi GPU facts, runtime, pip packages, container image", async () => {
  const { doc, dir } = await manifest(["amd-smi", "rocminfo", "pip"], {
    TRACEDECK_FAKE_GPUS: "8",
    IMAGE: "rocm/vllm:test",
  });
  try {
    assert.equal(doc.schema, "tracedeck-capture/1");
    assert.deepEqual(doc.gpu, {
      vendor: "amd",
      model: "AMD Instinct MI300X",
      arch: "gfx942",
      count: 8,
      driver: "6.12.12",
      runtime: "ROCm 6.4.1",
      source: ["amd-smi", "rocminfo"],
    });
    assert.deepEqual(doc.packages!.map((p) => p.name), [
      "amd-aiter",
      "torch",
      "transformers",
      "triton",
      "vllm",
    ]);
    assert.equal(doc.packages!.find((p) => p.name === "vllm")!.version, "0.9.2+rocm641");
    assert.equal(doc.container.image, "rocm/vllm:test");
    assert.equal(doc.container.image_source, "env:IMAGE");
    assert.match(doc.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("manifest with rocminfo only, and on an NVIDIA host", async () => {
  const amd = await manifest(["rocminfo", "pip"], { TRACEDECK_FAKE_GPUS: "4" });
  assert.deepEqual(
    [amd.doc.gpu!.model, amd.doc.gpu!.arch, amd.doc.gpu!.count, amd.doc.gpu!.source],
    ["AMD Instinct MI300X", "gfx942", 4, ["rocminfo"]],
  );
  const nv = await manifest(["nvidia-smi", "pip"], { TRACEDECK_FAKE_GPUS: "2" });
  assert.deepEqual(nv.doc.gpu, {
    vendor: "nvidia",
    model: "NVIDIA H100 80GB HBM3",
    arch: "sm90",
    count: 2,
    driver: "570.133.20",
    runtime: "CUDA 12.8",
    source: ["nvidia-smi"],
  });
  for (const d of [amd.dir, nv.dir]) await Deno.remove(d, { recursive: true });
});

Deno.test("manifest keeps the serving stack's environment and drops secrets from env and server arguments", async () => {
  const { doc, text, dir } = await manifest(["pip"], {
    VLLM_USE_V1: "1",
    NCCL_IB_DISABLE: "1",
    HIP_VISIBLE_DEVICES: "0,1",
    VLLM_API_KEY: "env-secret-1",
    AITER_SECRET_TOKEN: "env-secret-2",
    TORCH_CREDENTIALS: "env-secret-3",
    HSA_PASSWORD: "env-secret-4",
    HF_TOKEN: "env-secret-5",
    UNRELATED: "x",
  }, [
    "--server-cmd",
    "vllm serve m --api-key arg-secret-1 --hf-token=arg-secret-2 --tensor-parallel-size 8",
    "--meta",
    "tp=8",
    "--meta",
    "tracer=torch",
  ]);
  try {
    assert.deepEqual(doc.env, {
      HIP_VISIBLE_DEVICES: "0,1",
      NCCL_IB_DISABLE: "1",
      VLLM_USE_V1: "1",
    });
    assert.deepEqual(doc.server, {
      command: "vllm serve m --tensor-parallel-size 8",
      args: ["vllm", "serve", "m", "--tensor-parallel-size", "8"],
    });
    for (let i = 1; i <= 5; i++) {
      assert.ok(!text.includes(`env-secret-${i}`), `env-secret-${i} leaked`);
    }
    for (let i = 1; i <= 2; i++) {
      assert.ok(!text.includes(`arg-secret-${i}`), `arg-secret-${i} leaked`);
    }
    assert.deepEqual(doc.capture, { tp: 8, tracer: "torch" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("manifest hashes tuned configs (packages and env) and lists aiter's shipped kernels", async () => {
  const root = await Deno.makeTempDir({ prefix: "tracedeck-site-" });
  const write = async (rel: string, text: string) => {
    const p = `${root}/${rel}`;
    await Deno.mkdir(p.slice(0, p.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(p, text);
    return p;
  };
  const files = {
    moe: await write(
      "site/vllm/model_executor/layers/fused_moe/configs/E=8,N=14336,device_name=AMD_Instinct_MI300X.json",
      '{"1": {"BLOCK_SIZE_M": 16}}',
    ),
    aiter: await write(
      "site/aiter/configs/bf16_tuned_gemm.csv",
      "cu_num,M,N,K,kernelName\n304,1,4096,4096,x\n",
    ),
    co942: await write("site/hsa/gfx942/fmoe/silu/fmoe_bf16_g1u1.co", "\x7fELF-942"),
    co950: await write("site/hsa/gfx950/pa/pa_a16w8.co", "\x7fELF-950"),
    hipblaslt: await write("tuning/hipblaslt_override.csv", "Validation,M,N,K\n"),
    bf16: await write("tuning/my_bf16.csv", "M,N,K\n1,2,3\n"),
  };
  await write("site/vllm/model_executor/layers/fused_moe/configs/README", "not a config");
  const { doc, dir } = await manifest(["pip"], {
    TRACEDECK_PACKAGE_ROOTS: `${root}/site`,
    HIPBLASLT_TUNING_OVERRIDE_FILE: files.hipblaslt,
    AITER_CONFIG_GEMM_BF16: `${files.bf16}:${root}/missing.csv`,
  });
  try {
    // (an SGLang installed on the test host would add its own configs)
    const got = doc.tuned_configs.filter((f) => !f.key.startsWith("sglang/")).map((
      f,
    ) => [f.key, f.source, f.sha256]);
    assert.deepEqual(got, [
      [
        "vllm/model_executor/layers/fused_moe/configs/E=8,N=14336,device_name=AMD_Instinct_MI300X.json",
        "vllm-fused-moe",
        await sha256(files.moe),
      ],
      ["aiter/configs/bf16_tuned_gemm.csv", "aiter-configs", await sha256(files.aiter)],
      [
        "env:AITER_CONFIG_GEMM_BF16:my_bf16.csv",
        "env:AITER_CONFIG_GEMM_BF16",
        await sha256(files.bf16),
      ],
      [
        "env:HIPBLASLT_TUNING_OVERRIDE_FILE:hipblaslt_override.csv",
        "env:HIPBLASLT_TUNING_OVERRIDE_FILE",
        await sha256(files.hipblaslt),
      ],
    ]);
    assert.deepEqual(doc.kernel_inventory.map((f) => [f.key, f.bytes, f.sha256]), [
      ["aiter/hsa/gfx942/fmoe/silu/fmoe_bf16_g1u1.co", 8, await sha256(files.co942)],
      ["aiter/hsa/gfx950/pa/pa_a16w8.co", 8, await sha256(files.co950)],
    ]);
    assert.equal(doc.gpu, null);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("run.json becomes run metadata; other JSON is ignored and broken JSON is an InputError", async () => {
  const { doc, dir } = await manifest(["amd-smi", "pip"], { IMAGE: "rocm/vllm:test" }, [
    "--tool",
    "profile-decode",
    "--meta",
    "tracer=rocprofv3",
    "--meta",
    "model=meta-llama/Llama-3.1-8B",
  ]);
  try {
    const read = await readManifest(dir);
    assert.deepEqual(read, doc);
    const meta = manifestMeta(read!);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(meta).filter(([k]) =>
          k !== "manifest" && k !== "hostname" && k !== "captured_at"
        ),
      ),
      {
        gpu: "AMD Instinct MI300X",
        arch: "gfx942",
        gpu_count: "8",
        driver: "6.12.12",
        runtime: "ROCm 6.4.1",
        image: "rocm/vllm:test",
        tool: "profile-decode",
        "version.amd-aiter": "0.1.4",
        "version.torch": "2.7.0+gitf717b2a",
        "version.transformers": "4.53.2",
        "version.triton": "3.3.0",
        "version.vllm": "0.9.2+rocm641",
        tracer: "rocprofv3",
        model: "meta-llama/Llama-3.1-8B",
      },
    );
    assert.deepEqual(JSON.parse(meta.manifest), doc);
    await Deno.writeTextFile(`${dir}/run.json`, '{"something": "else"}');
    assert.equal(await readManifest(dir), null);
    await Deno.writeTextFile(`${dir}/run.json`, '{"schema": "tracedeck-capture/1", ');
    await assert.rejects(
      () => readManifest(dir),
      (e: unknown) => e instanceof InputError && /run\.json/.test(e.message),
    );
    await Deno.remove(`${dir}/run.json`);
    assert.equal(await readManifest(dir), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
