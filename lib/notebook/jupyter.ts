/**
 * Jupyter for the project: a project-local Deno kernelspec
 * (`.jupyter/kernels/deno/kernel.json`, found through `JUPYTER_PATH`, never
 * written into the user's home), finding which Jupyter tools are installed,
 * and executing notebooks headless with nbconvert.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The project root (with a trailing slash). */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** The project's Jupyter data folder: `JUPYTER_PATH` points here. */
export const JUPYTER_DIR: string = `${PROJECT_ROOT}.jupyter`;

/** The bundled notebooks. */
export const NOTEBOOKS_DIR: string = `${PROJECT_ROOT}notebooks`;

/** Name of the project's kernel (the notebooks' `kernelspec.name`). */
export const KERNEL_NAME = "deno";

/** What to install when Jupyter is missing, exactly. */
export const INSTALL_HINT = `Jupyter is not installed. On Debian/Ubuntu:
  apt-get install -y jupyter-notebook jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat jupyter-core
or with pip:
  pip install notebook nbconvert nbclient
(headless execution alone needs: jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat jupyter-core)`;

/** The kernelspec: Deno's own Jupyter kernel (`deno jupyter --kernel`). */
export function kernelspec(): Record<string, unknown> {
  return {
    argv: ["deno", "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno (tracedeck)",
    language: "typescript",
  };
}

/** Write the kernelspec under `dir/kernels/deno/`; returns the kernel.json path. */
export async function installKernelspec(dir: string = JUPYTER_DIR): Promise<string> {
  const folder = `${dir}/kernels/${KERNEL_NAME}`;
  await Deno.mkdir(folder, { recursive: true });
  const path = `${folder}/kernel.json`;
  await Deno.writeTextFile(path, JSON.stringify(kernelspec(), null, 2) + "\n");
  return path;
}

/**
 * The environment Jupyter runs in: the project's folder first on
 * `JUPYTER_PATH`, and connection files kept in the project's folder too.
 */
export function jupyterEnv(dir: string = JUPYTER_DIR): Record<string, string> {
  const existing = Deno.env.get("JUPYTER_PATH");
  return {
    JUPYTER_PATH: existing ? `${dir}:${existing}` : dir,
    JUPYTER_RUNTIME_DIR: `${dir}/runtime`,
  };
}

/** Which Jupyter tools answer on this machine. */
export interface JupyterTools {
  /** `jupyter nbconvert` with nbclient: notebooks can run headless. */
  nbconvert: boolean;
  /** `jupyter lab`. */
  lab: boolean;
  /** `jupyter notebook` (the classic interface). */
  notebook: boolean;
}

async function answers(args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command("jupyter", { args, stdout: "null", stderr: "null" })
      .output();
    return out.success;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Probe the installed Jupyter tools (each probe is a short `--version` call). */
export async function jupyterTools(): Promise<JupyterTools> {
  const [nbconvert, lab, notebook] = await Promise.all([
    answers(["nbconvert", "--version"]),
    answers(["lab", "--version"]),
    answers(["notebook", "--version"]),
  ]);
  return { nbconvert, lab, notebook };
}

/** The outcome of executing one notebook. */
export interface Execution {
  /** The notebook executed. */
  notebook: string;
  /** The executed copy, with outputs. */
  output: string;
  /** nbconvert's exit status (non-zero when a cell raised). */
  code: number;
  /** nbconvert's stderr. */
  stderr: string;
}

/**
 * Execute a notebook top to bottom with nbconvert on the project's kernel,
 * with the notebook's folder as working directory, writing the executed copy
 * to `outDir`. The kernelspec is installed first.
 */
export async function executeNotebook(
  notebook: string,
  outDir: string,
  opts: { timeoutS?: number; env?: Record<string, string> } = {},
): Promise<Execution> {
  await installKernelspec();
  await Deno.mkdir(outDir, { recursive: true });
  const name = notebook.replace(/^.*\//, "");
  const args = [
    "nbconvert",
    "--to",
    "notebook",
    "--execute",
    `--ExecutePreprocessor.timeout=${opts.timeoutS ?? 120}`,
    `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
    "--output-dir",
    outDir,
    "--output",
    name,
    notebook,
  ];
  const out = await new Deno.Command("jupyter", {
    args,
    env: { ...jupyterEnv(), ...opts.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    notebook,
    output: `${outDir.replace(/\/+$/, "")}/${name}`,
    code: out.code,
    stderr: new TextDecoder().decode(out.stderr),
  };
}
