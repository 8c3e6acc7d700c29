import { useI18n } from '../../i18n/I18nProvider.tsx';

const FIELD_KEYS: Record<string, string> = {
  name: 'form.name',
  image: 'form.image',
  customImage: 'form.customImageLabel',
  cpu: 'form.cpu',
  memory: 'form.memory',
  cpuLimit: 'form.cpuLimit',
  memoryLimit: 'form.memoryLimit',
  gpus: 'form.gpuCount',
  'gpus.vendor': 'form.gpuVendor',
};

const VOLUME_FIELD_KEYS: [RegExp, string][] = [
  [/^newPvc\.metadata\.name$/, 'form.volumes.name'],
  [/^newPvc\.spec\.resources/, 'form.volumes.size'],
  [/^existingSource\./, 'form.volumes.claim'],
  [/^mount$/, 'form.volumes.mount'],
];

/** The label a user sees for a body path (`datavols[1].mount` → "Data volume 2 — Mount path"). */
export function useFieldLabel(): (field: string) => string {
  const { t } = useI18n();
  return (field) => {
    const volume = /^(workspace|datavols\[(\d+)\])(?:\.(.+))?$/.exec(field);
    if (volume) {
      const panel =
        volume[1] === 'workspace'
          ? t('form.volumes.workspace')
          : t('form.volumes.dataVolume', { n: Number(volume[2]) + 1 });
      const part = VOLUME_FIELD_KEYS.find(([pattern]) => pattern.test(volume[3] ?? ''));
      return part ? `${panel} — ${t(part[1])}` : panel;
    }
    return FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field;
  };
}
