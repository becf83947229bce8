/**
 * diffManifests: every kind of change between two capture manifests, in
 * section order, and nothing between a manifest and itself.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { CaptureManifest, ManifestFile } from "../../lib/ingest/manifest.ts";
import { diffManifests } from "../../lib/triage/manifest_diff.ts";

function file(key: string, sha: string): ManifestFile {
  return { key, source: key.split("/")[0], path: `/site/${key}`, bytes: 10, sha256: sha };
}

function base(): CaptureManifest {
  return {
    schema: "tracedeck-capture/1",
    created_at: "2026-11-01T10:00:00Z",
    tool: "profile-decode",
    host: {
      hostname: "mi300x-01",
      os: "Ubuntu 22.04",
      kernel: "6.8.0",
      cpu: "EPYC",
      cpu_count: 192,
      python: "3.12.3",
    },
    gpu: {
      vendor: "amd",
      model: "AMD Instinct MI300X",
      arch: "gfx942",
      count: 8,
      driver: "6.12.12",
      runtime: "ROCm 6.4.1",
      source: ["amd-smi"],
    },
    container: {
      in_container: true,
      image: "rocm/vllm:a",
      image_source: "env:IMAGE",
      container_id: null,
      container_id_source: null,
    },
    packages: [
      { name: "vllm", version: "0.9.2" },
      { name: "torch", version: "2.7.0" },
      { name: "flash_attn", version: "2.7.4" },
    ],
    env: { VLLM_USE_V1: "1", NCCL_MIN_NCHANNELS: "112" },
    server: {
      command: "vllm serve m --tensor-parallel-size 8",
      args: ["vllm", "serve", "m", "--tensor-parallel-size", "8"],
    },
    tuned_configs: [
      file(
        "vllm/model_executor/layers/fused_moe/configs/E=8,N=14336,device_name=AMD_Instinct_MI300X.json",
        "aa",
      ),
      file("aiter/configs/bf16_tuned_gemm.csv", "bb"),
    ],
    kernel_inventory: [
      file("aiter/hsa/gfx942/fmoe/a.co", "c1"),
      file("aiter/hsa/gfx942/pa/b.co", "c2"),
    ],
    capture: { tracer: "torch", steps_requested: 100 },
  };
}

Deno.test("diffManifests finds package, env, config, kernel, GPU, image and server changes", () => {
  const a = base();
  const b = base();
  b.created_at = "2026-11-02T10:00:00Z";
  b.host.hostname = "mi300x-02";
  b.capture.steps_requested = 200;
  b.gpu!.driver = "6.14.0";
  b.container.image = "rocm/vllm:b";
  b.server = { command: "vllm serve m --tensor-parallel-size 4", args: [] };
  b.packages = [{ name: "vLLM", version: "0.10.0" }, { name: "torch", version: "2.7.0" }, {
    name: "amd-aiter",
    version: "0.1.4",
  }];
  b.env = { VLLM_USE_V1: "1", NCCL_MIN_NCHANNELS: "32", VLLM_ROCM_USE_AITER: "1" };
  b.tuned_configs = [
    file(
      "vllm/model_executor/layers/fused_moe/configs/E=8,N=14336,device_name=AMD_Instinct_MI300X.json",
      "a2",
    ),
    file("aiter/configs/bf16_tuned_gemm.csv", "bb"),
  ];
  b.kernel_inventory = [
    file("aiter/hsa/gfx942/fmoe/a.co", "c1"),
    file("aiter/hsa/gfx942/mla/c.co", "c3"),
  ];
  assert.deepEqual(diffManifests(a, b), [
    { section: "gpu", key: "driver", change: "changed", before: "6.12.12", after: "6.14.0" },
    {
      section: "container",
      key: "image",
      change: "changed",
      before: "rocm/vllm:a",
      after: "rocm/vllm:b",
    },
    {
      section: "server",
      key: "command",
      change: "changed",
      before: "vllm serve m --tensor-parallel-size 8",
      after: "vllm serve m --tensor-parallel-size 4",
    },
    { section: "package", key: "amd-aiter", change: "added", before: null, after: "0.1.4" },
    { section: "package", key: "flash_attn", change: "removed", before: "2.7.4", after: null },
    { section: "package", key: "vllm", change: "changed", before: "0.9.2", after: "0.10.0" },
    { section: "env", key: "NCCL_MIN_NCHANNELS", change: "changed", before: "112", after: "32" },
    { section: "env", key: "VLLM_ROCM_USE_AITER", change: "added", before: null, after: "1" },
    {
      section: "tuned_config",
      key:
        "vllm/model_executor/layers/fused_moe/configs/E=8,N=14336,device_name=AMD_Instinct_MI300X.json",
      change: "changed",
      before: "aa",
      after: "a2",
    },
    {
      section: "kernel",
      key: "aiter/hsa/gfx942/mla/c.co",
      change: "added",
      before: null,
      after: "c3",
    },
    {
      section: "kernel",
      key: "aiter/hsa/gfx942/pa/b.co",
      change: "removed",
      before: "c2",
      after: null,
    },
  ]);
});

Deno.test("diffManifests of a manifest with itself, and with missing sections, is what it should be", () => {
  assert.deepEqual(diffManifests(base(), base()), []);
  const bare = {
    ...base(),
    gpu: null,
    packages: null,
    server: null,
    tuned_configs: [],
    kernel_inventory: [],
  };
  const changes = diffManifests(base(), bare);
  assert.deepEqual(
    changes.filter((c) => c.change !== "removed"),
    [],
  );
  assert.equal(changes.filter((c) => c.section === "package").length, 3);
  assert.equal(changes.filter((c) => c.section === "gpu").length, 5);
  assert.equal(changes.filter((c) => c.section === "kernel").length, 2);
});
