/**
 * GPU architectures: device name → arch (gfx942 for MI300X/MI325X, gfx950 for
 * MI350X/MI355X, sm90 for H100/H200 …), the order of generations within a
 * vendor (to tell a kernel built for an older arch), and HBM bandwidth for
 * rooflines. This is the one place device models map to archs.
 *
 * @module
 */

/** Facts about one GPU model. */
export interface DeviceModel {
  /** Pattern over the device name as profilers print it. */
  pattern: RegExp;
  /** Architecture id: gfx90a, gfx942, gfx950, sm80, sm90, sm100 … */
  arch: string;
  /** Marketing name. */
  model: string;
  /** Peak HBM bandwidth in TB/s. */
  hbm_tbps: number;
}

/** Known GPU models, most specific first. */
export const DEVICE_MODELS: readonly DeviceModel[] = [
  { pattern: /MI355X/i, arch: "gfx950", model: "MI355X", hbm_tbps: 8.0 },
  { pattern: /MI350X/i, arch: "gfx950", model: "MI350X", hbm_tbps: 8.0 },
  { pattern: /MI325X/i, arch: "gfx942", model: "MI325X", hbm_tbps: 6.0 },
  { pattern: /MI300X/i, arch: "gfx942", model: "MI300X", hbm_tbps: 5.3 },
  { pattern: /MI300A/i, arch: "gfx942", model: "MI300A", hbm_tbps: 5.3 },
  { pattern: /MI250/i, arch: "gfx90a", model: "MI250X", hbm_tbps: 3.2 },
  { pattern: /MI210/i, arch: "gfx90a", model: "MI210", hbm_tbps: 1.6 },
  { pattern: /MI100/i, arch: "gfx908", model: "MI100", hbm_tbps: 1.2 },
  { pattern: /B300/i, arch: "sm100", model: "B300", hbm_tbps: 8.0 },
  { pattern: /B200/i, arch: "sm100", model: "B200", hbm_tbps: 8.0 },
  { pattern: /GB200/i, arch: "sm100", model: "GB200", hbm_tbps: 8.0 },
  { pattern: /H200/i, arch: "sm90", model: "H200", hbm_tbps: 4.8 },
  { pattern: /H100.*PCIe/i, arch: "sm90", model: "H100 PCIe", hbm_tbps: 2.0 },
  { pattern: /H100|H800|GH200/i, arch: "sm90", model: "H100", hbm_tbps: 3.35 },
  { pattern: /L40S?|RTX 40|Ada/i, arch: "sm89", model: "L40S", hbm_tbps: 0.864 },
  { pattern: /A100|A800/i, arch: "sm80", model: "A100", hbm_tbps: 2.0 },
  { pattern: /A10G?\b/i, arch: "sm86", model: "A10", hbm_tbps: 0.6 },
  { pattern: /V100/i, arch: "sm70", model: "V100", hbm_tbps: 0.9 },
];

/**
 * Architecture generations per vendor, oldest first. A kernel whose arch hint
 * comes earlier in its vendor's list than the device's arch was built for an
 * older GPU than the one it ran on.
 */
export const ARCH_ORDER: Readonly<Record<string, readonly string[]>> = {
  amd: ["gfx906", "gfx908", "gfx90a", "gfx940", "gfx941", "gfx942", "gfx950"],
  nvidia: ["sm70", "sm75", "sm80", "sm86", "sm89", "sm90", "sm90a", "sm100", "sm100a", "sm120"],
};

/** Look a device name up; null when unknown. */
export function deviceModel(name: string | null | undefined): DeviceModel | null {
  if (!name) return null;
  return DEVICE_MODELS.find((m) => m.pattern.test(name)) ?? null;
}

/** Device properties as a Kineto trace records them. */
export interface KinetoDeviceProps {
  name?: string;
  computeMajor?: number;
  computeMinor?: number;
  warpSize?: number;
  numSms?: number;
  gcnArchName?: string;
}

/**
 * The arch of a Kineto device: from the name when known, else from the
 * properties (warp 64 ⇒ AMD: 304 CUs and compute 9.4 ⇒ gfx942; compute 9.5 ⇒
 * gfx950; compute 9.0a ⇒ gfx90a. Warp 32 ⇒ NVIDIA sm<major><minor>).
 */
export function archFromKineto(
  p: KinetoDeviceProps,
): { arch: string | null; model: string | null } {
  if (p.gcnArchName) {
    const m = /gfx[0-9a-f]+/i.exec(p.gcnArchName);
    if (m) return { arch: m[0].toLowerCase(), model: deviceModel(p.name)?.model ?? null };
  }
  const known = deviceModel(p.name);
  if (known) return { arch: known.arch, model: known.model };
  if (p.warpSize === 64) {
    if (p.computeMajor === 9 && p.computeMinor === 5) {
      return { arch: "gfx950", model: "MI350-class" };
    }
    if (p.computeMajor === 9 && p.computeMinor === 4) {
      return { arch: "gfx942", model: p.numSms === 304 ? "MI300X-class" : "MI300-class" };
    }
    if (p.computeMajor === 9 && p.computeMinor === 0) {
      return { arch: "gfx90a", model: "MI200-class" };
    }
    return { arch: null, model: null };
  }
  if (p.warpSize === 32 && p.computeMajor !== undefined) {
    return { arch: `sm${p.computeMajor}${p.computeMinor ?? 0}`, model: null };
  }
  return { arch: null, model: null };
}

/** Peak HBM bandwidth (TB/s) for a device name or arch, when known. */
export function hbmBandwidth(name: string | null | undefined): number | null {
  return deviceModel(name)?.hbm_tbps ?? null;
}
