import { cpus, freemem, platform, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  node: string;
  opencv: string | null;
  uvThreadpoolSize: number;
}

export function describeMachine(opencv: string | null): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.versions.node,
    opencv,
    uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
  };
}
