import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.ts';
import type { SpawnerConfig } from '../api/types.ts';

let cached: Promise<SpawnerConfig> | undefined;

/** The spawner config, loaded once per page load (it only changes with a ConfigMap rollout). */
export function useSpawnerConfig(): SpawnerConfig | undefined {
  const [config, setConfig] = useState<SpawnerConfig | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    cached ??= api.config().catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
    cached.then((c) => alive && setConfig(c)).catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return config;
}
