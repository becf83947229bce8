/**
 * Which host API calls launch GPU work (kernel, graph and module launches,
 * memcpy and memset calls) and so belong in api_calls: HIP (`hipLaunchKernel`,
 * `hipGraphLaunch`, `hipExtModuleLaunchKernel`, `hipMemcpyAsync` …) and CUDA
 * runtime/driver names, versioned as Nsight Systems prints them
 * (`cudaLaunchKernel_v7000`, `cuLaunchKernelEx`).
 *
 * @module
 */

const LAUNCH_API = /Launch|Memcpy|Memset/;

/** Whether a host API name launches GPU work. */
export function isLaunchApi(name: string): boolean {
  return LAUNCH_API.test(name);
}
