import { cpus, release, totalmem } from 'node:os';
import { gcMode } from './gc';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  totalMemoryBytes: number;
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
  /** How the harness could force garbage collection; memory figures are noisier without it. */
  gc: ReturnType<typeof gcMode>;
}

export function machineInfo(): MachineInfo {
  const cpuList = cpus();
  return {
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: totalmem(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    osRelease: release(),
    gc: gcMode(),
  };
}
