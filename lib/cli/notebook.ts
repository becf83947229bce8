/**
 * `deno task notebook`: Jupyter with tracedeck's notebooks on Deno's kernel.
 * Installs a project-local kernelspec (.jupyter/, through JUPYTER_PATH) and
 * starts JupyterLab or the classic Notebook on notebooks/, runs notebooks
 * headless, or says exactly what to install.
 *
 * @module
 */
import { parseCommand } from "./args.ts";
import { UsageError } from "./errors.ts";
import { runCommand } from "./main.ts";
import { formatRows, outputMode } from "./output.ts";
import {
  executeNotebook,
  INSTALL_HINT,
  installKernelspec,
  JUPYTER_DIR,
  jupyterEnv,
  jupyterTools,
  NOTEBOOKS_DIR,
} from "../notebook/jupyter.ts";

const HELP =
  `Usage: deno task notebook [--install | --check | --execute [NOTEBOOK ...]] [-- JUPYTER-ARGS]

Jupyter with tracedeck's notebooks (notebooks/) on Deno's kernel. The kernel
spec is written into the project (.jupyter/kernels/deno/kernel.json) and found
through JUPYTER_PATH; nothing is written into your home folder.

  (no option)      install the kernel spec and start JupyterLab (or the classic
                   Notebook) on notebooks/; arguments after -- go to Jupyter
  --install        only install the kernel spec and print the JUPYTER_PATH to use
  --check          say which Jupyter tools are installed
  --execute [NB]   run notebooks headless, top to bottom (default: every
                   notebooks/*.ipynb); executed copies go to --out; exit 1 when
                   a cell fails
  --out DIR        where --execute writes executed copies (default .jupyter/executed)
  --json | --csv   machine-readable output for --check and --execute
`;

async function bundledNotebooks(): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(NOTEBOOKS_DIR)) {
    if (e.isFile && e.name.endsWith(".ipynb")) out.push(`${NOTEBOOKS_DIR}/${e.name}`);
  }
  return out.sort();
}

if (import.meta.main) {
  runCommand(async () => {
    const dash = Deno.args.indexOf("--");
    const own = dash < 0 ? Deno.args : Deno.args.slice(0, dash);
    const passThrough = dash < 0 ? [] : Deno.args.slice(dash + 1);
    const { values, positionals } = parseCommand(own, {
      install: { type: "boolean" },
      check: { type: "boolean" },
      execute: { type: "boolean" },
      out: { type: "string" },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length && !values.execute) {
      throw new UsageError(
        `unexpected argument '${positionals[0]}' (notebooks are named only with --execute)`,
      );
    }
    const spec = await installKernelspec();
    const env = jupyterEnv();
    if (values.install) {
      console.log(`kernel spec: ${spec}\nexport JUPYTER_PATH=${env.JUPYTER_PATH}`);
      return 0;
    }
    const tools = await jupyterTools();
    if (values.check) {
      console.log(formatRows([{ kernelspec: spec, ...tools }], outputMode(values)));
      return tools.nbconvert || tools.lab || tools.notebook ? 0 : 2;
    }
    if (values.execute) {
      if (!tools.nbconvert) {
        console.error(INSTALL_HINT);
        return 2;
      }
      const notebooks = positionals.length ? positionals : await bundledNotebooks();
      const outDir = values.out ?? `${JUPYTER_DIR}/executed`;
      const rows = [];
      for (const nb of notebooks) {
        const started = performance.now();
        const r = await executeNotebook(nb, outDir);
        if (r.code !== 0) console.error(r.stderr.trim().split("\n").slice(-15).join("\n"));
        rows.push({
          notebook: nb,
          status: r.code === 0 ? "ok" : "failed",
          seconds: Math.round((performance.now() - started) / 100) / 10,
          output: r.output,
        });
      }
      console.log(formatRows(rows, outputMode(values)));
      return rows.every((r) => r.status === "ok") ? 0 : 1;
    }
    const app = tools.lab ? "lab" : tools.notebook ? "notebook" : null;
    if (!app) {
      console.error(INSTALL_HINT);
      return 2;
    }
    const child = new Deno.Command("jupyter", {
      args: [app, `--notebook-dir=${NOTEBOOKS_DIR}`, ...passThrough],
      env,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    return (await child.status).code;
  });
}
