/**
 * Parsing step annotations into step kind, batch size and token count:
 * vLLM `execute_N_context_C(...)_generation_G(...)`, SGLang
 * `step[DECODE|EXTEND|MIXED bs=.. toks=..]`, ATOM `decode[..]`/`prefill[..]`,
 * and generic names that say decode or prefill.
 *
 * @module
 */

/** What a step annotation says about its step. */
export interface StepInfo {
  step_kind: "decode" | "prefill" | "mixed" | null;
  batch_size: number | null;
  num_tokens: number | null;
}

const VLLM = /^execute(?:_(\d+))?_context_(\d+)\(([^)]*)\)_generation_(\d+)\(([^)]*)\)/;
const SGLANG = /^step\[(DECODE|EXTEND|MIXED|PREFILL|IDLE)\b([^\]]*)\]/i;
const ATOM = /^(decode|prefill|mixed)\[([^\]]*)\]/i;

function num(re: RegExp, s: string): number | null {
  const m = re.exec(s);
  return m ? Number(m[1]) : null;
}

/** The query-token sum in a vLLM parenthesised shape string (`sq32sk...`). */
function vllmTokens(shape: string): number {
  const m = /^sq(\d+)/.exec(shape);
  return m ? Number(m[1]) : 0;
}

/** Parse a marker name; all fields null when the name is not a step annotation. */
export function parseStepName(name: string): StepInfo {
  let m = VLLM.exec(name);
  if (m) {
    const ctx = Number(m[2]), gen = Number(m[4]);
    const total = m[1] !== undefined ? Number(m[1]) : ctx + gen;
    return {
      step_kind: ctx === 0 ? "decode" : gen === 0 ? "prefill" : "mixed",
      batch_size: total,
      num_tokens: vllmTokens(m[3]) + vllmTokens(m[5]) || null,
    };
  }
  m = SGLANG.exec(name);
  if (m) {
    const kind = m[1].toUpperCase();
    return {
      step_kind: kind === "DECODE"
        ? "decode"
        : kind === "MIXED"
        ? "mixed"
        : kind === "IDLE"
        ? null
        : "prefill",
      batch_size: num(/\bbs=(\d+)/, m[2]),
      num_tokens: num(/\btoks?=(\d+)/, m[2]),
    };
  }
  m = ATOM.exec(name);
  if (m) {
    return {
      step_kind: m[1].toLowerCase() as StepInfo["step_kind"],
      batch_size: num(/\b(?:bs|batch(?:_size)?|reqs?)=(\d+)/i, m[2]),
      num_tokens: num(/\b(?:toks?|tokens?|num_tokens)=(\d+)/i, m[2]),
    };
  }
  if (/decode/i.test(name)) return { step_kind: "decode", batch_size: null, num_tokens: null };
  if (/prefill/i.test(name)) return { step_kind: "prefill", batch_size: null, num_tokens: null };
  return { step_kind: null, batch_size: null, num_tokens: null };
}
