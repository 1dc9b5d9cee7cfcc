/**
 * Generates workers/wasm/median-networks.ts: the min/max networks of the WebAssembly median for radius
 * 1 and 2 (3x3 and 5x5 windows), and proves them correct.
 *
 * The kernel first sorts each column of the window (side values, one Batcher sorting network shared by
 * the side output pixels that use that column), then selects the median of the side^2 values from the
 * side sorted columns. That second network is Batcher's odd-even merge sort of side^2 wires, minus every
 * comparator that never swaps anything when the columns are sorted, minus every comparator whose outputs
 * do not reach the median wire (liveness from the output back).
 *
 * Proof, by the 0-1 principle (a min/max network commutes with every monotone map, so it selects the
 * k-th smallest of all inputs iff it does for all inputs of zeros and ones): sorted 0-1 columns are
 * fixed by their counts of ones, so (side+1)^side inputs cover every case. The same enumeration shows
 * which comparators never swap: one that swapped an integer input would swap its 0-1 image thresholded
 * at the larger value. `node scripts/median-networks.mjs --check` re-derives the file and fails if the
 * committed one differs; workers/wasm-kernels.test.ts runs it.
 *
 *   node scripts/median-networks.mjs          writes the file
 *   node scripts/median-networks.mjs --check  exits 1 if the file is not what this script writes
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'workers', 'wasm', 'median-networks.ts');

/** Batcher's odd-even merge sort for any n, as [i, j] pairs (min to i, max to j, i < j). */
export function batcher(n) {
  const net = [];
  for (let p = 1; p < n; p <<= 1) {
    for (let k = p; k >= 1; k >>= 1) {
      for (let j = k % p; j + k < n; j += 2 * k) {
        for (let i = 0; i < Math.min(k, n - j - k); i++) {
          if (Math.floor((i + j) / (2 * p)) === Math.floor((i + j + k) / (2 * p)))
            net.push([i + j, i + j + k]);
        }
      }
    }
  }
  return net;
}

/**
 * The 3x3 median from 3 sorted columns (wire 3 c + k): max of the minima (wires 0, 3, 6) into 6, min of
 * the maxima (2, 5, 8) into 2, median of the medians (1, 4, 7) into 4, then the median of wires 2, 4, 6.
 */
const MEDIAN_OF_3_COLUMNS = [
  [0, 3],
  [3, 6],
  [2, 5],
  [2, 8],
  [1, 4],
  [4, 7],
  [1, 4],
  [2, 4],
  [4, 6],
  [2, 4],
];

/** Every 0-1 input with `side` sorted columns of `side` (wire c * side + k is rank k of column c). */
function sortedColumnInputs(side) {
  const inputs = [];
  const counts = new Array(side).fill(0);
  for (;;) {
    const wires = [];
    for (let c = 0; c < side; c++) for (let k = 0; k < side; k++) wires.push(k >= side - counts[c] ? 1 : 0);
    inputs.push(wires);
    let c = 0;
    while (c < side && counts[c] === side) counts[c++] = 0;
    if (c === side) return inputs;
    counts[c]++;
  }
}

/** Every 0-1 input of n wires. */
function allInputs(n) {
  const inputs = [];
  for (let m = 0; m < 2 ** n; m++) inputs.push(Array.from({ length: n }, (_, i) => (m >> i) & 1));
  return inputs;
}

/** The comparators of `net` that swap on at least one of `inputs`, in order. */
function swapping(net, inputs) {
  const used = new Set();
  for (const input of inputs) {
    const w = [...input];
    net.forEach(([i, j], at) => {
      if (w[i] > w[j]) {
        used.add(at);
        [w[i], w[j]] = [w[j], w[i]];
      }
    });
  }
  return net.filter((_, at) => used.has(at));
}

/** Keeps the comparators whose outputs reach `outputs`; each says which of its outputs is needed. */
function live(net, outputs) {
  const needed = new Set(outputs);
  const kept = [];
  for (let at = net.length - 1; at >= 0; at--) {
    const [i, j] = net[at];
    const lo = needed.has(i);
    const hi = needed.has(j);
    if (!lo && !hi) continue;
    kept.push({ i, j, lo, hi });
    needed.add(i);
    needed.add(j);
  }
  return kept.reverse();
}

function run(ops, input) {
  const w = [...input];
  for (const { i, j } of ops) if (w[i] > w[j]) [w[i], w[j]] = [w[j], w[i]];
  return w;
}

function check(condition, message) {
  if (!condition) throw new Error(`median network: ${message}`);
}

/** The column sort of `side` values and the median-of-sorted-columns network, both proven. */
export function networks(side) {
  const sort = live(batcher(side), [...Array(side).keys()]);
  for (const input of allInputs(side)) {
    const out = run(sort, input);
    const ones = input.reduce((a, b) => a + b, 0);
    check(
      out.every((v, k) => v === (k >= side - ones ? 1 : 0)),
      `the ${side}-sort does not sort ${input}`,
    );
  }
  const n = side * side;
  const mid = (n - 1) >> 1;
  const inputs = sortedColumnInputs(side);
  const select = live(swapping(side === 3 ? MEDIAN_OF_3_COLUMNS : batcher(n), inputs), [mid]);
  for (const input of inputs) {
    const ones = input.reduce((a, b) => a + b, 0);
    check(run(select, input)[mid] === (ones >= n - mid ? 1 : 0), `wrong median of ${input}`);
  }
  return { sort, select, mid };
}

/** AssemblyScript statements applying `ops` to locals named by `name`. */
function statements(ops, name) {
  const lines = [];
  let temp = 0;
  for (const { i, j, lo, hi } of ops) {
    const a = name(i);
    const b = name(j);
    const t = `t${temp++}`;
    if (lo && hi)
      lines.push(`  const ${t} = ${a}; ${a} = i8x16.min_u(${a}, ${b}); ${b} = i8x16.max_u(${t}, ${b});`);
    else if (lo) lines.push(`  ${a} = i8x16.min_u(${a}, ${b});`);
    else lines.push(`  ${b} = i8x16.max_u(${a}, ${b});`);
  }
  return lines;
}

function generate() {
  const parts = [
    '// Generated by scripts/median-networks.mjs (which proves these networks): do not edit by hand.',
    '// AssemblyScript. Each u8 lane is one channel of one pixel: 4 pixels per vector, alpha included.',
  ];
  let total = '';
  for (const side of [3, 5]) {
    const { sort, select, mid } = networks(side);
    const rows = [...Array(side).keys()];
    const sortName = (k) => `v${k}`;
    parts.push(
      '',
      `/** Sorts the column of ${side} vectors at p0..p${side - 1} + o into planes k = 0..${side - 1} (k-th smallest at plane + k * stride + o). */`,
      `export function sortColumn${side}(${rows.map((k) => `p${k}: usize`).join(', ')}, o: usize, plane: usize, stride: usize): void {`,
      ...rows.map((k) => `  let v${k} = v128.load(p${k} + o);`),
      ...statements(sort, sortName),
      ...rows.map((k) => `  v128.store(plane + ${k === 0 ? '' : `${k} * stride + `}o, v${k});`),
      '}',
    );
    const name = (w) => `c${Math.floor(w / side)}_${w % side}`;
    const usedWires = new Set(select.flatMap(({ i, j }) => [i, j]));
    usedWires.add(mid);
    const loads = [];
    for (let w = 0; w < side * side; w++) {
      if (!usedWires.has(w)) continue;
      const c = Math.floor(w / side);
      const k = w % side;
      loads.push(`  let ${name(w)} = v128.load(plane${k === 0 ? '' : ` + ${k} * stride`}, ${4 * c});`);
    }
    parts.push(
      '',
      `/** The median of the ${side * side} values of ${side} sorted columns: columns at plane + 4 c (c = 0..${side - 1}), rank k at + k * stride. */`,
      `export function medianOfColumns${side}(plane: usize, stride: usize): v128 {`,
      ...loads,
      ...statements(select, name),
      `  return ${name(mid)};`,
      '}',
    );
    total += `${side}x${side}: sort ${sort.length}, select ${select.length} comparators (${select.filter((c) => c.lo && c.hi).length} both halves); `;
  }
  return { text: `${parts.join('\n')}\n`, total };
}

const { text, total } = generate();
if (process.argv.includes('--check')) {
  const committed = readFileSync(OUT, 'utf8');
  if (committed !== text) {
    console.error(`${OUT} is not what scripts/median-networks.mjs generates: run it`);
    process.exit(1);
  }
  console.log(`median networks proven and up to date (${total})`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT} (${total})`);
}
