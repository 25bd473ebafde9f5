// Starts a worker thread on a TypeScript module. The package has no build step (it runs through tsx), and a
// worker does not inherit the main thread's module hooks, so the worker registers tsx itself before importing.
import { Worker } from "node:worker_threads";

// The ESM entry of tsx's API, resolved from here (a data: URL module cannot resolve bare package names).
const tsxApi = import.meta.resolve("tsx/esm/api");

export function startTypeScriptWorker(module: URL): Worker {
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(module.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`));
}
