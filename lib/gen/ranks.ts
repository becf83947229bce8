/**
 * Who each rank is: its process id, device and host, and where the capture's
 * clock starts — all fixed by the seed so outputs are reproducible.
 *
 * @module
 */
import type { Arch } from "./hardware.ts";

/** Identity of one rank's process. */
export interface RankIdentity {
  /** 0-based rank. */
  rank: number;
  /** Process id of the worker that owns the rank. */
  pid: number;
  /** Device (GPU) index the rank runs on. */
  device: number;
  /** Host name (rocprofv3 writes `<host>/<pid>_*.csv`). */
  host: string;
}

function mix(seed: number, salt: number): number {
  let z = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + salt) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d);
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39);
  return (z ^ (z >>> 15)) >>> 0;
}

const HOST_PREFIX: Record<Arch, string> = {
  gfx942: "mi300x",
  gfx950: "mi355x",
  sm90: "h100",
};

/**
 * The identities of ranks 0..ranks-1 on one host. Process ids have five
 * digits, so per-rank files sort by name in rank order.
 */
export function rankIdentities(seed: number, ranks: number, arch: Arch): RankIdentity[] {
  const basePid = 10_000 + (mix(seed, 1) % 50_000);
  const host = `${HOST_PREFIX[arch]}-node${String(1 + (mix(seed, 2) % 32)).padStart(2, "0")}`;
  return Array.from({ length: ranks }, (_, rank) => ({
    rank,
    pid: basePid + rank * 13,
    device: rank,
    host,
  }));
}

/** The capture's first timestamp, ns on the host's monotonic clock (days of uptime). */
export function captureStartNs(seed: number): number {
  return 1_200_000_000_000_000 + (mix(seed, 3) % 1_000_000) * 1_000_000_000;
}
