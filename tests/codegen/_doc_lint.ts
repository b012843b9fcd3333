/**
 * Reading `deno doc --lint` output.
 *
 * @module
 */

/** Diagnostics whose location (`--> file:line`) is inside `dir`, as `error[kind]: message file:line`. */
export function generatedDocProblems(output: string, dir: string): string[] {
  return output
    .split(/\n(?=error\[)/)
    .filter((block) => /^error\[/.test(block) && block.includes(`--> ${dir}/`))
    .map((block) => `${block.split("\n")[0]} ${block.match(/--> (\S+)/)?.[1] ?? ""}`);
}
