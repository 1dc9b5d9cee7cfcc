/**
 * Where a batch's time goes: runs one batch and prints, per file, when it started and ended, and per
 * worker, when it computed which strip, on one time axis (ms from the start). For finding the stage
 * that waits. Build and run (after npm run build):
 *   npx rolldown scripts/trace-batch.ts -f cjs -p node -e sharp -d out/bench/trace
 *   MALLOC_ARENA_MAX=2 PIXELPOOL_WORKER_PATH=out/main/workers/filter.worker.js node out/bench/trace/trace-batch.js <folder> <out> [workers] [kernels] [schedule]
 */
import { runBatch } from '../engine/batch/index';
import { FilterPool } from '../engine/pool/index';
import type { KernelChoice, Schedule } from '../shared/kernels';

async function main(): Promise<void> {
  const [folder, out, workers = '2', kernels = 'wasm', schedule = 'auto'] = process.argv.slice(2);
  const t0 = performance.timeOrigin + performance.now();
  const at = (ms: number) => (ms - t0).toFixed(0).padStart(6);
  const now = () => performance.timeOrigin + performance.now();
  const pool = await FilterPool.create({ size: Number(workers), kernels: kernels as KernelChoice });
  console.log(`${at(now())} pool ready`);
  pool.onTask((e) =>
    console.log(
      `${at(e.startedAt)}-${at(e.endedAt)} worker ${e.workerId} ${e.label.split('/').pop()} strip ${e.stripIndex + 1}/${e.stripCount} ${e.computeMs.toFixed(0)} ms`,
    ),
  );
  const cpu0 = process.cpuUsage();
  const result = await runBatch(
    {
      inputs: [folder],
      outDir: out,
      steps: [{ id: 'gaussian-blur', params: { sigma: 3 } }],
      format: 'jpeg',
      quality: 80,
      onConflict: 'overwrite',
      pool,
      kernels: kernels as KernelChoice,
      schedule: schedule as Schedule,
    },
    {
      onProgress: (e) => {
        if (e.type === 'file') console.log(`${at(now())} ${e.state.padEnd(7)} ${e.input.split('/').pop()}`);
      },
    },
  );
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${at(now())} done: ${result.processed} files, ${result.elapsedMs.toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (main process, all threads), kernels ${result.kernels}`,
  );
  console.log('arena', JSON.stringify(pool.sharedMemory));
  await pool.terminate();
}

void main();
