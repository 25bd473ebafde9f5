// Starts a worker thread on a TypeScript module. The package has no build step (it runs through tsx), and a
// worker does not inherit the main thread's module hooks, so the worker registers tsx itself before importing.
import { Worker } from "node:worker_threads";

export function startTypeScriptWorker(module: URL): Worker {
  // Resolved here, not at import time: bundlers that load this package (Next.js) need not support
  // import.meta.resolve unless a worker is started. A data: URL module cannot resolve bare names itself.
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(module.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`));
}
