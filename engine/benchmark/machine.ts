import { availableParallelism, cpus, totalmem } from 'node:os';
import type { MachineInfo } from './types';

/** What a reader needs to compare two reports: the CPU, how many cores we could use, the runtime. */
export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() || 'unknown',
    cores: availableParallelism(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    totalMemoryMB: Math.round(totalmem() / 2 ** 20),
  };
}
