// Aliyun IoT MQTT endpoints: which host and port a device connects to, and whether TLS is needed.
// Follows aliyun.md §2.1 (instance kinds → host), §2.2 (region ids), §2.3 (ports, TLS
// roots, plain-TCP phase-out) and aliyun.md §1.2 (securemode must agree with the transport). Pure.
import { fail, ok, problem, type Outcome } from '../../shared/outcome';

/** Regions of the legacy public instance, whose host carries the region (aliyun.md §2.2 [doc]/[sdk]). */
export const LEGACY_REGIONS: Readonly<Record<string, string>> = {
  'cn-shanghai': 'China East 2 (Shanghai)',
  'ap-southeast-1': 'Singapore',
  'ap-northeast-1': 'Japan (Tokyo)',
  'us-west-1': 'US (Silicon Valley)',
  'us-east-1': 'US (Virginia)',
  'eu-central-1': 'Germany (Frankfurt)',
};

/** Regions of Enterprise Edition instances (aliyun.md §2.2 [doc]); their host does not carry the region. */
export const ENTERPRISE_REGIONS: Readonly<Record<string, string>> = {
  'cn-shanghai': 'China East 2 (Shanghai)',
  'cn-beijing': 'China North 2 (Beijing)',
  'cn-shenzhen': 'China South 1 (Shenzhen)',
  'ap-northeast-1': 'Japan (Tokyo)',
  'ap-southeast-1': 'Singapore',
  'eu-central-1': 'Germany (Frankfurt)',
  'us-west-1': 'US (Silicon Valley)',
  'us-east-1': 'US (Virginia)',
};

/** IPv6 MQTT access exists for Shanghai only (aliyun.md §2.1 [doc]). */
export const IPV6_ENDPOINT = { host: 'ipv6.itls.cn-shanghai.aliyuncs.com', port: 1883, region: 'cn-shanghai' } as const;

/**
 * Which instance the device's triple lives in (aliyun.md §2.1). Legacy public instances show no instance id in
 * the console; new public (accounts from 2021-07-30) and Enterprise instances do, and share a host form.
 */
export type AliyunInstance =
  | { kind: 'legacy-public'; region: string }
  | { kind: 'instance'; instanceId: string; region?: string };

export type RootCa = 'globalsign-root-r1' | 'aliyun-iot-self-signed';

/** securemode in mqttClientId: 2 = TLS direct, 3 = plain TCP direct (aliyun.md §1.2 table [sdk]). */
export type SecureMode = 2 | 3;

export const secureModeFor = (tls: boolean): SecureMode => (tls ? 2 : 3);

/** Port rules (aliyun.md §2.3). 1883 carries both plain and TLS; securemode tells the server which. */
export const PORTS: readonly { port: number; tls: 'optional' | 'required'; rootCa: RootCa; note: string }[] = [
  { port: 1883, tls: 'optional', rootCa: 'globalsign-root-r1', note: 'plain TCP or TLS on the same port; TLS chains to GlobalSign Root CA R1 (expires 2028-01-28)' },
  { port: 443, tls: 'required', rootCa: 'globalsign-root-r1', note: 'TLS only; chains to GlobalSign Root CA R1 (expires 2028-01-28)' },
  { port: 8883, tls: 'required', rootCa: 'aliyun-iot-self-signed', note: 'TLS only; Aliyun IoT self-signed root (valid to 2053), recommended for new work' },
];

/** GlobalSign Root CA R1 expiry: devices pinned to it may fail afterwards (aliyun.md §2.3). */
export const GLOBALSIGN_R1_NOT_AFTER = '2028-01-28';

const PRODUCT_KEY = /^[A-Za-z0-9]+$/;
// Observed instance ids: iot-06z00ae5m2066i3, iot-cn-nif1yb6ig1h (aliyun.md §2.1 [obs]); the exact grammar is
// not documented, so accept any DNS-label-safe tail after "iot-".
const INSTANCE_ID = /^iot-[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A region id checked against the list for the instance kind, with a suggestion for near misses (aliyun.md §8.1). */
export function checkRegion(input: string, kind: AliyunInstance['kind'] = 'legacy-public'): Outcome<string> {
  const id = input.trim().toLowerCase();
  const table = kind === 'legacy-public' ? LEGACY_REGIONS : ENTERPRISE_REGIONS;
  if (id in table) return ok(id);
  const known = Object.keys(table);
  const byLabel = known.find((k) => (table[k] ?? '').toLowerCase().includes(id) && id.length >= 4);
  const near = byLabel ?? closest(id, known);
  const where = kind === 'legacy-public' ? 'a legacy public instance' : 'an Enterprise / new public instance';
  const extra = kind === 'legacy-public' && id in ENTERPRISE_REGIONS ? ` "${id}" exists only for Enterprise instances: use the instance id shown in the console.` : '';
  return fail(
    problem(
      'aliyun.region.unknown',
      `"${input}" is not an Aliyun IoT region for ${where}.`,
      `Known regions: ${known.join(', ')}.${extra}`,
      near ? `Did you mean "${near}" (${table[near]})? Use the region the device was created in — a triple does not exist in any other region.` : 'Copy the region id from the console (top bar) of the account that created the device.',
    ),
  );
}

/** The MQTT host for a device (aliyun.md §2.1). Throws TypeError for malformed fields; region lists are checked by checkRegion. */
export function mqttHost(productKey: string, instance: AliyunInstance): string {
  if (instance.kind === 'legacy-public') {
    if (typeof productKey !== 'string' || !PRODUCT_KEY.test(productKey)) throw new TypeError('"productKey" must be letters and digits only (it is the first label of a legacy host)');
    const region = instance.region.trim().toLowerCase();
    if (!/^[a-z]{2}(?:-[a-z]+)+(?:-\d+)?$/.test(region)) throw new TypeError(`"region" must look like cn-shanghai or ap-southeast-1, got "${instance.region}"`);
    return `${productKey}.iot-as-mqtt.${region}.aliyuncs.com`;
  }
  const id = instance.instanceId.trim().toLowerCase();
  if (!INSTANCE_ID.test(id)) throw new TypeError(`"instanceId" must look like iot-06z00ae5m2066i3, got "${instance.instanceId}"`);
  return `${id}.mqtt.iothub.aliyuncs.com`;
}

export interface Endpoint {
  host: string;
  port: number;
  tls: boolean;
  /** The securemode the signed clientId must carry for this transport (aliyun.md §1.2). */
  secureMode: SecureMode;
  /** Root the module must trust when tls is on (AT+QSSLCFG="cacert"); null for plain TCP. */
  rootCa: RootCa | null;
  /** Things that may still go wrong with this choice; shown, not blocking. */
  warnings: string[];
}

/**
 * Host, port, TLS and securemode for a device. TLS is the default (plain TCP is being phased out,
 * aliyun.md §2.3); with TLS the default port is 8883 (root valid to 2053), plain TCP uses 1883.
 */
export function resolveEndpoint(a: { productKey: string; instance: AliyunInstance; tls?: boolean; port?: number }): Outcome<Endpoint> {
  const tls = a.tls ?? true;
  const port = a.port ?? (tls ? 8883 : 1883);
  if (a.instance.kind === 'legacy-public') {
    const r = checkRegion(a.instance.region, 'legacy-public');
    if (!r.ok) return r;
  } else if (a.instance.region !== undefined) {
    const r = checkRegion(a.instance.region, 'instance');
    if (!r.ok) return r;
  }
  let host: string;
  try {
    host = mqttHost(a.productKey, a.instance);
  } catch (e) {
    return fail(problem('aliyun.endpoint.invalid', 'The endpoint cannot be built from these values.', (e as Error).message, 'Check the ProductKey and the region or instance id copied from the console.'));
  }
  const rule = PORTS.find((p) => p.port === port);
  if (!rule) {
    return fail(problem('aliyun.port.unknown', `Aliyun IoT does not serve MQTT on port ${port}.`, `MQTT ports: ${PORTS.map((p) => `${p.port} (${p.note})`).join('; ')}.`, tls ? 'Use 8883 (or 1883 / 443 with the GlobalSign root).' : 'Use 1883 for plain TCP.'));
  }
  if (!tls && rule.tls === 'required') {
    return fail(problem('aliyun.port.needs-tls', `Port ${port} accepts TLS only.`, rule.note, 'Enable TLS on the modem (AT+QMTCFG="ssl",<idx>,1,<ctx>) or use port 1883 for plain TCP.', { port }));
  }
  const warnings: string[] = [];
  if (!tls) warnings.push('Plain TCP is disabled by default for instances created after October 2023 and for new devices of new accounts since 2022-08-02; the instance may refuse it. Prefer TLS.');
  if (tls && rule.rootCa === 'globalsign-root-r1') warnings.push(`Port ${port} chains to GlobalSign Root CA R1, which expires ${GLOBALSIGN_R1_NOT_AFTER}; port 8883 uses Aliyun's own root valid to 2053.`);
  return ok({ host, port, tls, secureMode: secureModeFor(tls), rootCa: tls ? rule.rootCa : null, warnings });
}

/** What an Aliyun MQTT host name says about the instance it belongs to. */
export type AliyunHost =
  | { kind: 'legacy-public'; productKey: string; region: string; knownRegion: boolean }
  | { kind: 'instance'; instanceId: string }
  | { kind: 'ipv6'; region: string };

/** Parse a host name into its Aliyun meaning, or undefined when it is not an Aliyun IoT MQTT host. */
export function parseAliyunHost(input: string): AliyunHost | undefined {
  const host = input.trim().replace(/\.$/, '');
  const legacy = /^([A-Za-z0-9]+)\.iot-as-mqtt\.([a-z0-9-]+)\.aliyuncs\.com$/i.exec(host);
  if (legacy) {
    const region = (legacy[2] ?? '').toLowerCase();
    return { kind: 'legacy-public', productKey: legacy[1] ?? '', region, knownRegion: region in LEGACY_REGIONS };
  }
  const inst = /^(iot-[a-z0-9-]+)\.mqtt\.iothub\.aliyuncs\.com$/i.exec(host);
  if (inst) return { kind: 'instance', instanceId: (inst[1] ?? '').toLowerCase() };
  if (host.toLowerCase() === IPV6_ENDPOINT.host) return { kind: 'ipv6', region: IPV6_ENDPOINT.region };
  return undefined;
}

export const isAliyunEndpoint = (host: string): boolean => parseAliyunHost(host) !== undefined;

/**
 * Does this host fit this device? Catches the aliyun.md §8.1 mistakes a host name can reveal: a legacy host
 * built for another ProductKey, or a region that has no legacy public instance.
 */
export function checkHostForDevice(host: string, productKey: string): Outcome<AliyunHost> {
  const h = parseAliyunHost(host);
  if (!h) {
    return fail(problem('aliyun.host.not-aliyun', `"${host}" is not an Aliyun IoT MQTT host.`, 'Aliyun hosts look like <ProductKey>.iot-as-mqtt.<region>.aliyuncs.com (legacy public instance) or <InstanceId>.mqtt.iothub.aliyuncs.com (new public / Enterprise).', 'Copy the endpoint from the console (Instance overview → View endpoints, or the device\'s MQTT connection parameters).', { host }));
  }
  if (h.kind === 'legacy-public') {
    if (h.productKey !== productKey) {
      return fail(problem('aliyun.host.product-mismatch', 'The host was built for a different ProductKey.', `Host ProductKey "${h.productKey}", device ProductKey "${productKey}". Legacy hosts start with the device's own ProductKey (letter case matters).`, `Use ${productKey}.iot-as-mqtt.${h.region}.aliyuncs.com.`));
    }
    if (!h.knownRegion) {
      const r = checkRegion(h.region, 'legacy-public');
      if (!r.ok) return fail({ ...r.problem, code: 'aliyun.host.region-unknown' });
    }
  }
  return ok(h);
}

// Levenshtein distance ≤ 3 picks a suggestion for a mistyped region ("cn-shangai").
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
