/**
 * A minimal session-based licensing client (API.md §10): activate a seat, keep it alive with extend on a
 * timer, and free it with deactivate when the process is asked to stop (Ctrl-C / SIGINT, or SIGTERM).
 *
 *   npm run build
 *   GG_URL=http://127.0.0.1:3000 GG_LICENSE_TOKEN=XXXXX-XXXXX-XXXXX-XXXXX-XXXXX GG_PRODUCT_CODES=MY_APP \
 *     node dist/examples/session-client.js
 *
 * Settings (environment):
 *   GG_URL                      server base URL (default http://127.0.0.1:3000)
 *   GG_LICENSE_TOKEN            the license key (required)
 *   GG_PRODUCT_CODES            comma-separated product codes the license may belong to (required)
 *   GG_AUTH_CONTEXT             this machine's context; it plays the HWID (default: derived from host name, OS and CPU)
 *   GG_EXTEND_INTERVAL_SECONDS  how often to extend (default: half of the time the seat has left)
 *
 * Prints one line per step (`activated until ...`, `extended until ...`, `deactivated`) and exits 0 after a
 * clean stop, 1 when the server refuses (the line says why), 2 when it cannot run (settings, server unreachable).
 */
import { createHash } from 'node:crypto';
import { arch, hostname, platform } from 'node:os';

interface LicensingResponse {
  authStatus: 'Success' | 'Failed' | 'Locked';
  reasonCode: string;
  message: string;
  productCode: string | null;
  expiresAt: string | null;
  session: { expiresAt: string } | null;
}

interface Settings {
  url: string;
  licenseToken: string;
  productCodes: string[];
  authContext: string;
  extendIntervalMs: number | null;
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const licenseToken = env.GG_LICENSE_TOKEN?.trim();
  const productCodes = (env.GG_PRODUCT_CODES ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  if (!licenseToken || productCodes.length === 0) throw new Error('GG_LICENSE_TOKEN and GG_PRODUCT_CODES are required');
  const interval = env.GG_EXTEND_INTERVAL_SECONDS ? Number(env.GG_EXTEND_INTERVAL_SECONDS) : null;
  if (interval !== null && !(interval > 0)) throw new Error('GG_EXTEND_INTERVAL_SECONDS must be a positive number');
  return {
    url: (env.GG_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    licenseToken,
    productCodes,
    // A stable id for this machine; a real client would use a hardware fingerprint.
    authContext: env.GG_AUTH_CONTEXT || createHash('sha256').update(`${hostname()}|${platform()}|${arch()}`).digest('hex'),
    extendIntervalMs: interval === null ? null : interval * 1000,
  };
}

async function post(settings: Settings, endpoint: 'activate' | 'extend' | 'deactivate', body: Record<string, unknown>): Promise<LicensingResponse | null> {
  const res = await fetch(`${settings.url}/licensing/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ licenseToken: settings.licenseToken, authContext: settings.authContext, ...body }),
  });
  if (res.status === 204) return null;
  if (res.status === 429) throw new Error(`rate limited; retry after ${res.headers.get('retry-after') ?? '?'} s`);
  const parsed = (await res.json()) as LicensingResponse & { error?: unknown };
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(parsed)}`);
  return parsed;
}

/** When to extend next: the configured interval, or half of what the seat has left (at least a second). */
function nextExtendIn(settings: Settings, seatExpiresAt: string): number {
  if (settings.extendIntervalMs !== null) return settings.extendIntervalMs;
  return Math.max(1000, Math.floor((new Date(seatExpiresAt).getTime() - Date.now()) / 2));
}

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  const decided = (step: 'activate' | 'extend', r: LicensingResponse): boolean => {
    if (r.authStatus === 'Success' && r.session) {
      console.log(`${step === 'activate' ? 'activated' : 'extended'} until ${r.session.expiresAt}`);
      return true;
    }
    console.log(`${step} refused: ${r.authStatus} ${r.reasonCode} (${r.message})`);
    return false;
  };

  const activated = await post(settings, 'activate', { productCodes: settings.productCodes });
  if (!activated || !decided('activate', activated)) return 1;

  return new Promise<number>((done) => {
    let timer: NodeJS.Timeout | null = null;
    let stopping = false;

    const stop = async (code: number) => {
      if (stopping) return;
      stopping = true;
      if (timer) clearTimeout(timer);
      try {
        await post(settings, 'deactivate', {});
        console.log('deactivated');
      } catch (error) {
        console.log(`deactivate failed: ${error instanceof Error ? error.message : String(error)}`);
        code = code || 1;
      }
      done(code);
    };

    const extend = async () => {
      try {
        const extended = await post(settings, 'extend', { productCodes: settings.productCodes });
        if (stopping) return;
        if (!extended || !decided('extend', extended)) return void stop(1);
        timer = setTimeout(() => void extend(), nextExtendIn(settings, extended.session!.expiresAt));
      } catch (error) {
        // A network hiccup is not the end of the seat: try again at the next tick.
        console.log(`extend failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!stopping) timer = setTimeout(() => void extend(), settings.extendIntervalMs ?? 5000);
      }
    };

    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
    timer = setTimeout(() => void extend(), nextExtendIn(settings, activated.session!.expiresAt));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
