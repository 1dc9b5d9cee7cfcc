/**
 * Which memory for the WebAssembly kernels in a pool of workers: measured, 2 workers, one 20 MP image.
 *
 * - `js`:            the JS kernels on the pool's SharedArrayBuffer (the `shared` transport today).
 * - `own memory`:    each worker has a WebAssembly.Memory of its own; each strip's rows (with halo) are
 *                    copied in and the result copied out into the shared output (what filter.worker.ts
 *                    does with kernels: 'wasm').
 * - `one memory`:    one shared WebAssembly.Memory holds the image, the output and each worker's scratch;
 *                    both workers instantiate the module on it and run in place, no copy (what the pool
 *                    would get if its arena lived inside that memory).
 * MP/s of the whole image's wall time (median [min-max]); for `own memory`, how its time splits between
 * the copies and the kernels. Every mode's output is checked against the JS one.
 *
 *   npx rolldown scripts/bench-wasm-memory.ts -f cjs -p node -o out/bench/bench-wasm-memory.cjs
 *   node out/bench/bench-wasm-memory.cjs [megapixels=20] [repeats=5] [filters=gaussian-blur:sigma=3,invert]
 */
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { resolvePipeline } from '../workers/filters/index';
import type { Params, Strip } from '../workers/filters/types';
import { pipelineRadius, runPipeline } from '../workers/pipeline';
import { planStrips, type StripPlan } from '../workers/tiling';
import { WASM_MAX_PAGES, WasmKernels, type WasmRunStats, wasmCandidates } from '../workers/wasm-kernels';

type Mode = 'js' | 'own memory' | 'one memory';
const MODES: Mode[] = (process.env.MODES?.split(',') as Mode[] | undefined) ?? [
  'js',
  'own memory',
  'one memory',
];
const WORKERS = 2;
const STRIPS_PER_WORKER = 4;

interface Job {
  mode: Mode;
  spec: { id: string; params: Params };
  width: number;
  height: number;
  plans: StripPlan[];
  input: SharedArrayBuffer;
  output: SharedArrayBuffer;
  /** one memory: the memory, where the image and the output are in it, this worker's region. */
  memory?: WebAssembly.Memory;
  inputAt?: number;
  outputAt?: number;
  base?: number;
}

function wasmModule(): WebAssembly.Module {
  const path = wasmCandidates(__dirname).find((p) => {
    try {
      readFileSync(p);
      return true;
    } catch {
      return false;
    }
  });
  if (!path) throw new Error('kernels.wasm not found: npm run build first');
  return new WebAssembly.Module(readFileSync(path));
}

function workerMain(): void {
  const module = wasmModule();
  let own: WasmKernels | undefined;
  parentPort?.on('message', (job: Job) => {
    const steps = resolvePipeline([job.spec]);
    const rowBytes = job.width * 4;
    const stats: WasmRunStats = { copyInMs: 0, kernelMs: 0, copyOutMs: 0 };
    const t0 = performance.now();
    if (job.mode === 'one memory' && job.memory) {
      const k = new WasmKernels(module, { memory: job.memory, base: job.base });
      const { filter, params } = steps[0];
      for (const plan of job.plans) {
        k.reset();
        const scratch = k.reserve(k.scratchBytes(filter.id, job.width, params));
        const band = (at: number, y0: number, rows: number) => ({
          at: at + y0 * rowBytes,
          width: job.width,
          imageHeight: job.height,
          y0,
          rows,
        });
        k.run(
          filter.id,
          band(job.inputAt ?? 0, plan.srcY0, plan.srcRows),
          band(job.outputAt ?? 0, plan.y0, plan.rows),
          params,
          scratch,
        );
      }
    } else {
      own ??= new WasmKernels(module);
      const kernels = job.mode === 'js' ? ('js' as const) : ('wasm' as const);
      const view = (buffer: SharedArrayBuffer, y0: number, rows: number): Strip => ({
        data: new Uint8Array(buffer, y0 * rowBytes, rows * rowBytes),
        width: job.width,
        imageHeight: job.height,
        y0,
        rows,
      });
      for (const plan of job.plans) {
        const src = view(job.input, plan.srcY0, plan.srcRows);
        const dst = view(job.output, plan.y0, plan.rows);
        runPipeline(steps, src, dst, {
          kernels,
          wasm: () => ({ kernels: own as WasmKernels }),
          wasmStats: stats,
        });
      }
    }
    parentPort?.postMessage({ ms: performance.now() - t0, stats });
  });
}

async function main(): Promise<void> {
  const megapixels = Number(process.argv[2] ?? 20);
  const repeats = Number(process.argv[3] ?? 5);
  const specs = (process.argv[4] ?? 'gaussian-blur:sigma=3,invert').split(',');
  const width = Math.round(Math.sqrt(megapixels * 1e6 * 1.5));
  const height = Math.round((megapixels * 1e6) / width);
  const bytes = width * height * 4;
  const mp = (width * height) / 1e6;
  console.log(
    `${width}x${height} RGBA, ${WORKERS} workers, ${STRIPS_PER_WORKER} strips each, ${repeats} repeats`,
  );
  const workers = Array.from({ length: WORKERS }, () => new Worker(__filename));
  const run = (w: Worker, job: Job) =>
    new Promise<{ ms: number; stats: WasmRunStats }>((resolve) => {
      w.once('message', resolve);
      w.postMessage(job);
    });

  // One memory for 'one memory': the image, the output, then a region per worker for scratch.
  const regionBytes = 64 * 1024 * 1024;
  const pages = Math.ceil((2 * bytes + WORKERS * regionBytes + 1024 * 1024) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: WASM_MAX_PAGES, shared: true });
  const inputAt = 1024 * 1024;
  const outputAt = inputAt + bytes;
  const image = new Uint8Array(memory.buffer, inputAt, bytes);
  for (let i = 0; i < bytes; i++) image[i] = (i * 2654435761) >>> 24;
  const input = new SharedArrayBuffer(bytes);
  new Uint8Array(input).set(image);

  const rows: string[] = [];
  for (const text of specs) {
    const [id, rest] = text.split(':');
    const params = Object.fromEntries(
      (rest ? rest.split(',') : []).map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
    );
    const resolved = resolvePipeline([{ id, params }]);
    const halo = pipelineRadius(resolved);
    const stripRows = Math.ceil(height / (WORKERS * STRIPS_PER_WORKER));
    const plans = planStrips(height, stripRows, halo);
    const outputs: Record<string, Uint8Array> = {};
    const times: Record<string, number[]> = {};
    // Per image, summed over the workers: time copying in, in the kernels, copying out (own memory).
    const split = { copyInMs: 0, kernelMs: 0, copyOutMs: 0 };
    // Outputs are reused run after run, as the pool's arena does: fresh memory would add its page faults.
    const outputBuffers = Object.fromEntries(MODES.map((m) => [m, new SharedArrayBuffer(bytes)]));
    for (let rep = 0; rep <= repeats; rep++) {
      for (const mode of MODES) {
        const output = outputBuffers[mode];
        const t0 = performance.now();
        const replies = await Promise.all(
          workers.map((w, i) =>
            run(w, {
              mode,
              spec: { id, params: resolved[0].params },
              width,
              height,
              plans: plans.filter((_, n) => n % WORKERS === i),
              input,
              output,
              ...(mode === 'one memory'
                ? { memory, inputAt, outputAt, base: outputAt + bytes + i * regionBytes }
                : {}),
            }),
          ),
        );
        const wall = performance.now() - t0;
        if (rep > 0) times[mode] = [...(times[mode] ?? []), wall];
        if (rep > 0 && mode === 'own memory') {
          for (const { stats } of replies) {
            split.copyInMs += stats.copyInMs / repeats;
            split.kernelMs += stats.kernelMs / repeats;
            split.copyOutMs += stats.copyOutMs / repeats;
          }
        }
        outputs[mode] =
          mode === 'one memory'
            ? new Uint8Array(memory.buffer, outputAt, bytes).slice()
            : new Uint8Array(output);
      }
    }
    for (const mode of MODES) {
      if (!Buffer.from(outputs[mode]).equals(Buffer.from(outputs.js)))
        throw new Error(`${text} ${mode}: output differs`);
      const sorted = [...times[mode]].sort((a, b) => a - b);
      const r = (ms: number) => (mp / (ms / 1000)).toFixed(0);
      const note =
        mode === 'own memory'
          ? `copy in ${split.copyInMs.toFixed(0)} ms, kernels ${split.kernelMs.toFixed(0)} ms, copy out ${split.copyOutMs.toFixed(0)} ms (CPU of both workers, per image)`
          : '';
      rows.push(
        `| ${text.padEnd(22)} | ${mode.padEnd(10)} | ${`${r(sorted[sorted.length >> 1])} [${r(sorted[sorted.length - 1])}-${r(sorted[0])}]`.padEnd(16)} | ${note} |`,
      );
    }
  }
  console.log('| filter                 | memory     | MP/s [min-max]   | where the time goes |');
  console.log('|------------------------|------------|------------------|---------------------|');
  for (const row of rows) console.log(row);
  for (const w of workers) await w.terminate();
}

if (isMainThread) void main();
else workerMain();
