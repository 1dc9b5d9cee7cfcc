import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerSlot } from '../engine/pool/worker-slot';
import type { StripTask, WholeImageTask } from './filter.worker';
import { resolvePipeline } from './filters/index';
import type { PipelineStep } from './filters/types';
import { runPipeline } from './pipeline';
import { randomImage, wholeStrip } from './test-images';
import { planStrips } from './tiling';

// The built worker (out/main/workers/filter.worker.js, beside kernels.wasm) asked for each kernel choice.
let slot: WorkerSlot;
beforeAll(async () => {
  slot = await WorkerSlot.spawn(0, { faultInjection: false }, () => undefined);
});
afterAll(() => slot.kill());

const steps: PipelineStep[] = [{ id: 'gaussian-blur', params: { sigma: 2.5 } }, { id: 'sobel' }];
const image = randomImage(37, 29, 8);
const rowBytes = 37 * 4;

function reference(): Uint8Array {
  const out = new Uint8Array(image.data.length);
  runPipeline(resolvePipeline(steps), wholeStrip(image), wholeStrip(image, out));
  return out;
}

function shared(bytes: Uint8Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

describe('the filter worker runs the kernels a task asks for', () => {
  const halo = 7 + 1; // gaussian sigma 2.5 (radius 7) then sobel (1)
  const plans = planStrips(29, 6, halo);

  it.each(['js', 'wasm', undefined] as const)(
    'kernels %s: strips by copy, same bytes, and says which ran',
    async (kernels) => {
      const out = new Uint8Array(image.data.length);
      for (const plan of plans) {
        const data = image.data.slice(plan.srcY0 * rowBytes, (plan.srcY0 + plan.srcRows) * rowBytes);
        const task: StripTask = {
          steps,
          width: 37,
          imageHeight: 29,
          ...plan,
          source: { kind: 'bytes', data },
          replyBy: 'copy',
          ...(kernels ? { kernels } : {}),
        };
        const result = await slot.thread.runStrip(task);
        expect(result.kernels).toBe(kernels ?? 'js');
        expect(result.kernelsFallback).toBeUndefined();
        out.set(result.data ?? [], plan.y0 * rowBytes);
      }
      expect(Buffer.from(out).equals(Buffer.from(reference()))).toBe(true);
    },
  );

  it('kernels wasm with the shared transport: writes straight into the shared output', async () => {
    const input = shared(image.data);
    const output = new SharedArrayBuffer(image.data.length);
    for (const [i, plan] of plans.entries()) {
      const first = i === 0;
      const result = await slot.thread.runStrip({
        steps,
        width: 37,
        imageHeight: 29,
        ...plan,
        source: {
          kind: 'shared',
          input: { id: 901, ...(first ? { buffer: input } : {}) },
          output: { id: 902, ...(first ? { buffer: output } : {}) },
        },
        replyBy: 'copy',
        kernels: 'wasm',
      });
      expect(result.kernels).toBe('wasm');
    }
    expect(Buffer.from(new Uint8Array(output)).equals(Buffer.from(reference()))).toBe(true);
    await slot.thread.forgetBuffers([901, 902]);
  });

  it('runWhole (the serial baseline) takes the choice too', async () => {
    const output = new SharedArrayBuffer(image.data.length);
    const task: WholeImageTask = {
      steps,
      width: 37,
      height: 29,
      input: shared(image.data),
      output,
      kernels: 'wasm',
    };
    const timing = await slot.thread.runWhole(task);
    expect(timing.kernels).toBe('wasm');
    expect(Buffer.from(new Uint8Array(output)).equals(Buffer.from(reference()))).toBe(true);
  });
});
