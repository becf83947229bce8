/**
 * The bundled notebooks run headless, top to bottom, on Deno's Jupyter kernel
 * (`jupyter nbconvert --execute`) on the bundled examples, with no error
 * output and the tables, figures and reports each cell is meant to show.
 * Skipped, with a message, when Jupyter's nbconvert is not installed.
 */
import assert from "node:assert/strict";
import { executeNotebook, jupyterTools, NOTEBOOKS_DIR } from "../../lib/notebook/jupyter.ts";

/** What a code cell shows: an HTML table, an SVG figure, a report (markdown + HTML), or nothing. */
type Shows = "table" | "svg" | "report" | "nothing";

/** Every bundled notebook, with what each code cell shows and text its output must hold. */
const NOTEBOOKS: Record<string, { cells: Shows[]; holds: string[] }> = {
  "explore_decode.ipynb": {
    cells: ["nothing", "table", "report", "report", "svg", "table", "table", "svg", "nothing"],
    holds: ["Decode summary: baseline", "triton-fallback-amd", "hipBLASLt", "Triton"],
  },
  "compare_runs.ipynb": {
    cells: ["nothing", "table", "report", "svg", "table", "table", "svg", "nothing"],
    holds: ["A/B: fix-custom-ar → fix-graphs", "step_delta_pct"],
  },
  "bench_matrix.ipynb": {
    cells: ["nothing", "table", "table", "svg", "table", "nothing"],
    holds: ["vllm-0.9.2", "vllm-0.9.3", "output_throughput"],
  },
  "history.ipynb": {
    cells: [
      "nothing",
      "table",
      "table",
      "svg",
      "table",
      "svg",
      "table",
      "svg",
      "table",
      "table",
      "nothing",
    ],
    holds: ["fix-custom-ar", "e5b2f71", "pct_of_reference", "change_pct"],
  },
};

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}

const text = (v: string | string[] | undefined) => Array.isArray(v) ? v.join("") : v ?? "";

/** What a cell's outputs show. */
function shows(cell: Cell): Shows {
  const html = (cell.outputs ?? []).map((o) => text(o.data?.["text/html"])).join("");
  const md = (cell.outputs ?? []).some((o) => o.data?.["text/markdown"] !== undefined);
  if (md && html) return "report";
  if (html.includes("<svg")) return "svg";
  if (/<table[\s>]/.test(html)) return "table";
  return "nothing";
}

const tools = await jupyterTools();
if (!tools.nbconvert) {
  console.warn(
    "skipping the notebook execution tests: jupyter nbconvert is not installed " +
      "(apt-get install -y jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat jupyter-core)",
  );
}

Deno.test("the bundled notebooks are committed with their outputs cleared", async () => {
  const found = [...Deno.readDirSync(NOTEBOOKS_DIR)].map((e) => e.name).filter((n) =>
    n.endsWith(".ipynb")
  ).sort();
  assert.deepEqual(found, Object.keys(NOTEBOOKS).sort());
  for (const name of found) {
    const nb = JSON.parse(await Deno.readTextFile(`${NOTEBOOKS_DIR}/${name}`));
    assert.equal(nb.metadata.kernelspec.name, "deno", name);
    for (const c of nb.cells as Cell[]) {
      if (c.cell_type !== "code") continue;
      assert.deepEqual([c.outputs, c.execution_count], [[], null], `${name}: outputs cleared`);
    }
  }
});

for (const [name, want] of Object.entries(NOTEBOOKS)) {
  Deno.test({
    name: `${name} runs top to bottom on the Deno kernel and shows what it should`,
    ignore: !tools.nbconvert,
    async fn() {
      const out = await Deno.makeTempDir({ prefix: "td-nb-" });
      try {
        // Deno's kernel sometimes reports a cell done before its result
        // arrives on a loaded machine, and nbconvert then drops the result;
        // a cell that showed nothing is given up to two more runs. An error,
        // or a cell showing the wrong thing, fails at once.
        const seen = want.cells.map(() => false);
        let all = "";
        for (let attempt = 1; attempt <= 3 && seen.includes(false); attempt++) {
          const r = await executeNotebook(`${NOTEBOOKS_DIR}/${name}`, out, {
            timeoutS: 180,
            env: { TRACEDECK_EXAMPLES_ONLY: "1" },
          });
          assert.equal(
            r.code,
            0,
            `nbconvert failed:\n${r.stderr.split("\n").slice(-20).join("\n")}`,
          );
          const cells = (JSON.parse(await Deno.readTextFile(r.output)).cells as Cell[])
            .filter((c) => c.cell_type === "code");
          assert.equal(cells.length, want.cells.length, "code cells");
          const errors = cells.flatMap((c) =>
            (c.outputs ?? []).filter((o) => o.output_type === "error")
          );
          assert.deepEqual(errors.map((e) => `${e.ename}: ${e.evalue}`), [], "no error output");
          cells.forEach((c, i) => {
            const got = shows(c);
            if (got === want.cells[i]) seen[i] = true;
            else {assert.equal(
                got,
                "nothing",
                `code cell ${i + 1} shows ${got}, expected ${want.cells[i]}`,
              );}
          });
          all += cells.flatMap((c) => (c.outputs ?? []).map((o) => text(o.data?.["text/html"])))
            .join("\n");
          if (seen.includes(false)) {
            console.warn(`${name}: run ${attempt} dropped cell result(s); running again`);
          }
        }
        assert.deepEqual(seen.map((s, i) => s ? want.cells[i] : "missing"), want.cells);
        for (const t of want.holds) assert.ok(all.includes(t), `${name} shows '${t}'`);
      } finally {
        await Deno.remove(out, { recursive: true });
      }
    },
  });
}
