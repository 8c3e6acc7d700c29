import { FlagError, parseFlags } from './flags.ts';
import { DEFAULT_SPAWNER_PRESET, SPAWNER_PRESETS, isSpawnerPreset, type SpawnerPreset } from './spawner-presets.ts';

/**
 * Every process setting: its flag (when it has one), its environment variable, its default and its
 * meaning. `--help` is generated from this table; a flag wins over its variable.
 */
interface Option {
  key: keyof RawSettings;
  flag?: string;
  env?: string[];
  default: string;
  help: string;
  boolean?: boolean;
}

type RawSettings = {
  spawnerConfig: string;
  spawnerPreset: string;
  userHeader: string;
  userPrefix: string;
  groupsHeader: string;
  listenAddr: string;
  kubeconfig: string;
  kubecostUrl: string;
  prometheusUrl: string;
  staticDir: string;
  appPrefix: string;
  secureCookies: string;
  csrfSameSite: string;
  backendMode: string;
  disableAuth: string;
  devUser: string;
  appName: string;
  metrics: string;
  logLevel: string;
  accessLogSample: string;
  sarCacheTtlSeconds: string;
  k8sTimeoutSeconds: string;
  kubecostTimeoutSeconds: string;
  prometheusTimeoutSeconds: string;
  logTailLines: string;
  keepaliveMaxHours: string;
  kubecostShareNamespaces: string;
  viewerSpecPath: string;
  hiddenPodDefaultLabels: string;
  notebookExtraLabels: string;
  notebookServiceAccount: string;
  serverTypeAnnotations: string;
  allowedVolumeSources: string;
  mountPathPrefixes: string;
  defaultNotebookWorkspace: string;
  rateLimitPerMinute: string;
  streamMaxPerUser: string;
  streamMaxTotal: string;
  streamHeartbeatSeconds: string;
  streamMaxBufferKib: string;
  streamUsageRefreshSeconds: string;
  cacheCatchUpSeconds: string;
  shutdownDrainSeconds: string;
  help: string;
};

export const DEFAULT_SPAWNER_CONFIG = '/etc/config/spawner_ui_config.yaml';

export const OPTIONS: readonly Option[] = [
  {
    key: 'spawnerConfig',
    flag: 'spawner-config',
    env: ['SPAWNER_CONFIG'],
    default: DEFAULT_SPAWNER_CONFIG,
    help: 'spawner config YAML (top key spawnerFormDefaults); when the default path is missing the bundled preset is used',
  },
  {
    key: 'spawnerPreset',
    flag: 'spawner-preset',
    env: ['SPAWNER_PRESET'],
    default: DEFAULT_SPAWNER_PRESET,
    help: `bundled spawner config for a frontend: ${Object.keys(SPAWNER_PRESETS).join(', ')}; wins over the default path, cannot be combined with -spawner-config`,
  },
  {
    key: 'userHeader',
    flag: 'userid-header',
    env: ['USERID_HEADER'],
    default: 'kubeflow-userid',
    help: 'request header naming the user',
  },
  { key: 'userPrefix', env: ['USERID_PREFIX'], default: '', help: 'leading prefix removed from the user header value' },
  {
    key: 'groupsHeader',
    flag: 'groups-header',
    env: ['GROUPS_HEADER'],
    default: '',
    help: "request header with the user's groups, comma-separated, e.g. kubeflow-groups (default off: enable only when the gateway sets or strips it; system:* groups are always dropped)",
  },
  {
    key: 'listenAddr',
    flag: 'listen-addr',
    env: ['LISTEN_ADDRESS'],
    default: '0.0.0.0:5000',
    help: 'address:port to listen on',
  },
  {
    key: 'kubeconfig',
    flag: 'kubeconfig',
    env: ['KUBECONFIG'],
    default: '',
    help: 'kubeconfig file; default: in-cluster service account if present, else ~/.kube/config',
  },
  {
    key: 'kubecostUrl',
    flag: 'kubecost-url',
    env: ['KUBECOST_URL'],
    default: '',
    help: 'Kubecost base URL (unset: cost disabled)',
  },
  {
    key: 'prometheusUrl',
    flag: 'prometheus-url',
    env: ['PROMETHEUS_URL'],
    default: '',
    help: 'Prometheus base URL for volume usage (unset: disabled)',
  },
  {
    key: 'staticDir',
    flag: 'static-dir',
    env: ['STATIC_DIR'],
    default: '',
    help: 'directory of the SPA to serve (default: the bundled UI)',
  },
  { key: 'appPrefix', env: ['APP_PREFIX'], default: '/', help: 'URL prefix the app is served under, e.g. /jupyter' },
  {
    key: 'secureCookies',
    env: ['APP_SECURE_COOKIES'],
    default: 'true',
    help: 'Secure flag on the XSRF-TOKEN cookie (false for plain HTTP)',
  },
  {
    key: 'csrfSameSite',
    env: ['CSRF_SAMESITE'],
    default: 'Strict',
    help: 'SameSite of the XSRF-TOKEN cookie: Strict, Lax or None',
  },
  {
    key: 'backendMode',
    env: ['BACKEND_MODE'],
    default: 'prod',
    help: 'prod|production, or dev|development (loopback only: authentication off unless --dev-user is set)',
  },
  {
    key: 'disableAuth',
    env: ['APP_DISABLE_AUTH'],
    default: 'false',
    help: 'true turns authentication and authorization off (loopback only)',
  },
  {
    key: 'devUser',
    flag: 'dev-user',
    env: ['DEV_USER'],
    default: '',
    help: 'act as this user when a request has no user header (loopback only; SubjectAccessReviews still apply)',
  },
  { key: 'appName', env: ['APP_NAME'], default: 'Jupyter Web App', help: 'name reported by /info and app_info' },
  { key: 'metrics', env: ['METRICS'], default: 'true', help: '0|false turns /metrics off' },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: ['LOG_LEVEL'],
    default: 'info',
    help: 'fatal, error, warn, info, debug or trace (LOG_LEVEL_DEBUG=true means debug)',
  },
  {
    key: 'accessLogSample',
    env: ['ACCESS_LOG_SAMPLE'],
    default: '1',
    help: 'share (0 to 1) of successful requests that get an access log line; failed ones always do',
  },
  {
    key: 'sarCacheTtlSeconds',
    env: ['SAR_CACHE_TTL_SECONDS'],
    default: '10',
    help: 'seconds a SubjectAccessReview answer is reused (0 disables)',
  },
  {
    key: 'k8sTimeoutSeconds',
    env: ['K8S_TIMEOUT_SECONDS'],
    default: '10',
    help: 'timeout of each Kubernetes API call',
  },
  {
    key: 'kubecostTimeoutSeconds',
    env: ['KUBECOST_TIMEOUT_SECONDS'],
    default: '10',
    help: 'timeout of each Kubecost call',
  },
  {
    key: 'prometheusTimeoutSeconds',
    env: ['PROMETHEUS_TIMEOUT_SECONDS'],
    default: '5',
    help: 'timeout of each Prometheus call',
  },
  {
    key: 'logTailLines',
    env: ['LOG_TAIL_LINES'],
    default: '5000',
    help: 'default number of log lines returned by the logs route',
  },
  {
    key: 'keepaliveMaxHours',
    env: ['KEEPALIVE_MAX_HOURS'],
    default: '24',
    help: 'largest keep-alive a user may ask for',
  },
  {
    key: 'kubecostShareNamespaces',
    env: ['KUBECOST_SHARE_NAMESPACES'],
    default: '',
    help: 'comma list passed to Kubecost as shareNamespaces',
  },
  {
    key: 'viewerSpecPath',
    env: ['VIEWER_SPEC_PATH'],
    default: '/etc/config/viewer-spec.yaml',
    help: 'PVCViewer spec template',
  },
  {
    key: 'hiddenPodDefaultLabels',
    env: ['HIDDEN_PODDEFAULT_LABELS'],
    default: '',
    help: 'comma list of PodDefault labels hidden from the form',
  },
  {
    key: 'notebookExtraLabels',
    env: ['NOTEBOOK_EXTRA_LABELS'],
    default: '',
    help: 'labels added to every notebook, k=v,k=v',
  },
  {
    key: 'notebookServiceAccount',
    env: ['NOTEBOOK_SERVICE_ACCOUNT'],
    default: 'default-editor',
    help: 'service account of notebook pods',
  },
  {
    key: 'serverTypeAnnotations',
    env: ['SERVER_TYPE_ANNOTATIONS'],
    default: 'upstream',
    help: 'upstream (rewrite/header annotations for VS Code and RStudio) or none',
  },
  {
    key: 'allowedVolumeSources',
    env: ['ALLOWED_VOLUME_SOURCES'],
    default: 'persistentVolumeClaim,configMap,secret,emptyDir',
    help: 'volume sources a form may attach',
  },
  {
    key: 'mountPathPrefixes',
    env: ['MOUNT_PATH_PREFIXES'],
    default: '',
    help: 'comma list of allowed mount roots (empty: any)',
  },
  {
    key: 'defaultNotebookWorkspace',
    env: ['DEFAULT_NOTEBOOK_WORKSPACE'],
    default: 'false',
    help: 'createdefault also creates the config workspace volume',
  },
  {
    key: 'rateLimitPerMinute',
    env: ['RATE_LIMIT_PER_MINUTE'],
    default: '120',
    help: 'mutating requests allowed per user per minute (0 disables)',
  },
  {
    key: 'streamMaxPerUser',
    env: ['STREAM_MAX_PER_USER'],
    default: '20',
    help: 'live streams one user may hold open at once (429 beyond)',
  },
  {
    key: 'streamMaxTotal',
    env: ['STREAM_MAX_TOTAL'],
    default: '5000',
    help: 'live streams this replica holds open at once (429 beyond)',
  },
  {
    key: 'streamHeartbeatSeconds',
    env: ['STREAM_HEARTBEAT_SECONDS'],
    default: '15',
    help: 'seconds between heartbeat comments on idle live streams',
  },
  {
    key: 'streamMaxBufferKib',
    env: ['STREAM_MAX_BUFFER_KIB'],
    default: '1024',
    help: 'KiB a live stream may have unsent beyond its first snapshot before the client is dropped as too slow',
  },
  {
    key: 'streamUsageRefreshSeconds',
    env: ['STREAM_USAGE_REFRESH_SECONDS'],
    default: '60',
    help: 'seconds between Prometheus volume usage queries for the PVCs of a namespace with live streams',
  },
  {
    key: 'cacheCatchUpSeconds',
    env: ['CACHE_CATCH_UP_SECONDS'],
    default: '2',
    help: 'how long a request that names versions its client has seen (X-Min-Resource-Version) waits for the watch caches before reading from the API server',
  },
  {
    key: 'shutdownDrainSeconds',
    flag: 'shutdown-drain-seconds',
    env: ['SHUTDOWN_DRAIN_SECONDS'],
    default: '5',
    help: 'after SIGTERM, seconds the server stays up unready (longer than the Service needs to drop it) before it stops accepting, finishes its requests and closes its live streams',
  },
  { key: 'help', flag: 'help', default: 'false', help: 'print this help and exit', boolean: true },
];

export type SameSite = 'strict' | 'lax' | 'none';

export interface Settings {
  spawnerConfigPath: string;
  spawnerConfigExplicit: boolean;
  spawnerPreset: SpawnerPreset;
  spawnerPresetExplicit: boolean;
  userHeader: string;
  userPrefix: string;
  groupsHeader: string;
  listenHost: string;
  listenPort: number;
  kubeconfig: string | undefined;
  kubecostUrl: string | undefined;
  prometheusUrl: string | undefined;
  staticDir: string | undefined;
  appPrefix: string;
  secureCookies: boolean;
  csrfSameSite: SameSite;
  authDisabled: boolean;
  devMode: boolean;
  devUser: string | undefined;
  appName: string;
  metricsEnabled: boolean;
  logLevel: string;
  accessLogSample: number;
  sarCacheTtlMs: number;
  k8sTimeoutMs: number;
  kubecostTimeoutMs: number;
  prometheusTimeoutMs: number;
  logTailLines: number;
  keepaliveMaxHours: number;
  kubecostShareNamespaces: string[];
  viewerSpecPath: string;
  hiddenPodDefaultLabels: string[];
  notebookExtraLabels: Record<string, string>;
  notebookServiceAccount: string;
  serverTypeAnnotations: 'upstream' | 'none';
  allowedVolumeSources: string[];
  mountPathPrefixes: string[];
  defaultNotebookWorkspace: boolean;
  rateLimitPerMinute: number;
  streamMaxPerUser: number;
  streamMaxTotal: number;
  streamHeartbeatMs: number;
  streamMaxBufferBytes: number;
  streamUsageRefreshMs: number;
  cacheCatchUpMs: number;
  shutdownDrainMs: number;
}

export class SettingsError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

export class HelpRequested extends Error {}

export function helpText(): string {
  const lines = [
    'Usage: jupyter-apis [flags]',
    '',
    'Flags accept -name or --name, with =value or the value as the next argument.',
    '',
  ];
  for (const o of OPTIONS) {
    const names = [o.flag ? `-${o.flag}` : undefined, ...(o.env ?? [])].filter(Boolean).join(' / ');
    lines.push(`  ${names}`);
    lines.push(`      ${o.help}${o.default && o.key !== 'help' ? ` (default: ${o.default})` : ''}`);
  }
  return lines.join('\n');
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `/`, `/jupyter`, `jupyter/` all normalise to `/` or `/jupyter` (no trailing slash). */
export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '/';
}

export function loadSettings(argv: readonly string[], env: NodeJS.ProcessEnv): Settings {
  let flags: Map<string, string>;
  try {
    flags = parseFlags(
      argv,
      OPTIONS.filter((o) => o.flag).map((o) => ({ name: o.flag!, boolean: o.boolean })),
    );
  } catch (err) {
    if (err instanceof FlagError) throw new SettingsError([err.message]);
    throw err;
  }
  const raw = {} as RawSettings;
  const explicit = new Set<keyof RawSettings>();
  for (const o of OPTIONS) {
    const fromFlag = o.flag ? flags.get(o.flag) : undefined;
    const fromEnv = o.env?.map((e) => env[e]).find((v) => v !== undefined && v !== '');
    const value = fromFlag ?? fromEnv;
    if (value !== undefined) explicit.add(o.key);
    raw[o.key] = value ?? o.default;
  }
  if (raw.help === 'true') throw new HelpRequested(helpText());

  const problems: string[] = [];
  const bool = (key: keyof RawSettings, name: string): boolean => {
    const v = raw[key].trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be true or false, got '${raw[key]}'`);
    return false;
  };
  const number = (key: keyof RawSettings, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = Number(raw[key]);
    if (!Number.isFinite(v) || v < min || v > max) {
      problems.push(
        `${name} must be a number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got '${raw[key]}'`,
      );
      return min;
    }
    return v;
  };

  const listen = /^(\[[^\]]+\]|[^:]*):(\d+)$/.exec(raw.listenAddr.trim());
  let listenHost = '0.0.0.0';
  let listenPort = 5000;
  if (!listen || Number(listen[2]) > 65535) {
    problems.push(`-listen-addr must be host:port, got '${raw.listenAddr}'`);
  } else {
    listenHost = listen[1]!.replace(/^\[|\]$/g, '') || '0.0.0.0';
    listenPort = Number(listen[2]);
  }

  const mode = raw.backendMode.trim().toLowerCase();
  let devMode = false;
  if (mode === 'dev' || mode === 'development') devMode = true;
  else if (mode !== 'prod' && mode !== 'production') {
    problems.push(`BACKEND_MODE must be prod, production, dev or development, got '${raw.backendMode}'`);
  }
  const disableAuth = bool('disableAuth', 'APP_DISABLE_AUTH');
  const devUser = raw.devUser.trim() || undefined;
  const authDisabled = (devMode && !devUser) || disableAuth;
  if ((devMode || disableAuth || devUser) && !isLoopbackHost(listenHost)) {
    problems.push(
      `BACKEND_MODE=dev, APP_DISABLE_AUTH and -dev-user are for local development only: listen on 127.0.0.1, not '${listenHost}'`,
    );
  }

  const presetName = raw.spawnerPreset.trim();
  const spawnerPreset = isSpawnerPreset(presetName) ? presetName : DEFAULT_SPAWNER_PRESET;
  if (!isSpawnerPreset(presetName)) {
    problems.push(
      `-spawner-preset must be one of ${Object.keys(SPAWNER_PRESETS).join(', ')}, got '${raw.spawnerPreset}'`,
    );
  }
  if (explicit.has('spawnerConfig') && explicit.has('spawnerPreset')) {
    problems.push(
      '-spawner-config and -spawner-preset (SPAWNER_CONFIG / SPAWNER_PRESET) are both set: choose one (a preset is a bundled spawner config file)',
    );
  }

  const sameSiteRaw = raw.csrfSameSite.trim().toLowerCase();
  const csrfSameSite: SameSite = sameSiteRaw === 'lax' || sameSiteRaw === 'none' ? sameSiteRaw : 'strict';

  const url = (key: keyof RawSettings, name: string): string | undefined => {
    const v = raw[key].trim();
    if (!v) return undefined;
    try {
      const u = new URL(v);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      return v.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be an http(s) URL, got '${v}'`);
      return undefined;
    }
  };

  const extraLabels: Record<string, string> = {};
  for (const pair of splitList(raw.notebookExtraLabels)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) problems.push(`NOTEBOOK_EXTRA_LABELS entries must be key=value, got '${pair}'`);
    else extraLabels[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  const serverTypeAnnotations = raw.serverTypeAnnotations.trim();
  if (serverTypeAnnotations !== 'upstream' && serverTypeAnnotations !== 'none') {
    problems.push(`SERVER_TYPE_ANNOTATIONS must be upstream or none, got '${raw.serverTypeAnnotations}'`);
  }
  let level = raw.logLevel.trim().toLowerCase();
  if (/^(true|1)$/i.test(env.LOG_LEVEL_DEBUG ?? '')) level = 'debug';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, got '${raw.logLevel}'`);
    level = 'info';
  }

  const settings: Settings = {
    spawnerConfigPath: raw.spawnerConfig,
    spawnerConfigExplicit: explicit.has('spawnerConfig'),
    spawnerPreset,
    spawnerPresetExplicit: explicit.has('spawnerPreset'),
    userHeader: raw.userHeader.trim().toLowerCase(),
    userPrefix: raw.userPrefix,
    groupsHeader: raw.groupsHeader.trim().toLowerCase(),
    listenHost,
    listenPort,
    kubeconfig: raw.kubeconfig.trim() || undefined,
    kubecostUrl: url('kubecostUrl', '-kubecost-url'),
    prometheusUrl: url('prometheusUrl', '-prometheus-url'),
    staticDir: raw.staticDir.trim() || undefined,
    appPrefix: normalisePrefix(raw.appPrefix),
    secureCookies: bool('secureCookies', 'APP_SECURE_COOKIES'),
    csrfSameSite,
    authDisabled,
    devMode,
    devUser,
    appName: raw.appName,
    metricsEnabled: !['0', 'false', 'off', 'no'].includes(raw.metrics.trim().toLowerCase()),
    logLevel: level,
    accessLogSample: number('accessLogSample', 'ACCESS_LOG_SAMPLE', 0, 1),
    sarCacheTtlMs: number('sarCacheTtlSeconds', 'SAR_CACHE_TTL_SECONDS', 0) * 1000,
    k8sTimeoutMs: number('k8sTimeoutSeconds', 'K8S_TIMEOUT_SECONDS', 0.1) * 1000,
    kubecostTimeoutMs: number('kubecostTimeoutSeconds', 'KUBECOST_TIMEOUT_SECONDS', 0.1) * 1000,
    prometheusTimeoutMs: number('prometheusTimeoutSeconds', 'PROMETHEUS_TIMEOUT_SECONDS', 0.1) * 1000,
    logTailLines: Math.floor(number('logTailLines', 'LOG_TAIL_LINES', 1, 100_000)),
    keepaliveMaxHours: Math.floor(number('keepaliveMaxHours', 'KEEPALIVE_MAX_HOURS', 1, 24 * 365)),
    kubecostShareNamespaces: splitList(raw.kubecostShareNamespaces),
    viewerSpecPath: raw.viewerSpecPath,
    hiddenPodDefaultLabels: splitList(raw.hiddenPodDefaultLabels),
    notebookExtraLabels: extraLabels,
    notebookServiceAccount: raw.notebookServiceAccount.trim(),
    serverTypeAnnotations: serverTypeAnnotations === 'none' ? 'none' : 'upstream',
    allowedVolumeSources: splitList(raw.allowedVolumeSources),
    mountPathPrefixes: splitList(raw.mountPathPrefixes),
    defaultNotebookWorkspace: bool('defaultNotebookWorkspace', 'DEFAULT_NOTEBOOK_WORKSPACE'),
    rateLimitPerMinute: Math.floor(number('rateLimitPerMinute', 'RATE_LIMIT_PER_MINUTE', 0)),
    streamMaxPerUser: Math.floor(number('streamMaxPerUser', 'STREAM_MAX_PER_USER', 0)),
    streamMaxTotal: Math.floor(number('streamMaxTotal', 'STREAM_MAX_TOTAL', 0)),
    streamHeartbeatMs: number('streamHeartbeatSeconds', 'STREAM_HEARTBEAT_SECONDS', 0.05, 3600) * 1000,
    streamMaxBufferBytes: Math.floor(number('streamMaxBufferKib', 'STREAM_MAX_BUFFER_KIB', 1) * 1024),
    streamUsageRefreshMs: number('streamUsageRefreshSeconds', 'STREAM_USAGE_REFRESH_SECONDS', 0.05, 86_400) * 1000,
    cacheCatchUpMs: number('cacheCatchUpSeconds', 'CACHE_CATCH_UP_SECONDS', 0, 10) * 1000,
    shutdownDrainMs: number('shutdownDrainSeconds', '-shutdown-drain-seconds', 0, 300) * 1000,
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
