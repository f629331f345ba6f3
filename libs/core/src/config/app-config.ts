import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`Invalid ${name}: "${raw}" (expected an integer from ${min} to ${max})`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`Invalid ${name}: "${raw}" (expected true or false)`);
}

/** Secrets: required in production; otherwise generated once and kept under the data directory. */
function secret(env: NodeJS.ProcessEnv, name: string, dataDir: string, production: boolean): string {
  const raw = env[name];
  if (raw) {
    if (raw.length < 32) throw new ConfigError(`Invalid ${name}: must be at least 32 characters`);
    return raw;
  }
  if (production) throw new ConfigError(`${name} is required when NODE_ENV=production`);
  const file = resolve(dataDir, 'secrets.json');
  const stored: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  if (!stored[name]) {
    stored[name] = randomBytes(48).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return stored[name];
}

/** Every setting the server reads from the environment, validated once at start-up. */
export class AppConfig {
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly trustProxy: number;
  readonly allowSignup: boolean;
  readonly databaseUrl: string | null;
  /** Rate-limit counters live in Redis when set, otherwise in PostgreSQL. */
  readonly redisUrl: string | null;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  /** Connections per server process (the hot path holds one per authorization in flight). */
  readonly databasePoolSize: number;
  readonly jwtSecret: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlDays: number;
  readonly loginRateLimit: number;
  readonly rateLimitPerIp: number;
  readonly rateLimitPerLicense: number;
  readonly expirySweepIntervalSeconds: number;
  readonly misuseScanIntervalSeconds: number;
  readonly webhookAllowPrivate: boolean;
  readonly webhookDispatchIntervalMs: number;
  readonly auditStreamHeartbeatMs: number;
  readonly auditStreamPollMs: number;
  readonly logLevel: string;
  readonly bodyLimitBytes = 1024 * 1024;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.production = env.NODE_ENV === 'production';
    this.port = int(env, 'PORT', 3000, 0, 65535);
    this.host = env.HOST || '127.0.0.1';
    this.trustProxy = int(env, 'TRUST_PROXY', 0, 0, 32);
    this.allowSignup = bool(env, 'ALLOW_SIGNUP', false);
    this.databaseUrl = env.DATABASE_URL || null;
    this.redisUrl = env.REDIS_URL || null;
    if (this.redisUrl && !/^rediss?:\/\//.test(this.redisUrl)) throw new ConfigError(`Invalid REDIS_URL: expected redis://... or rediss://...`);
    this.dataDir = resolve(env.DATA_DIR || '.data');
    this.embeddedPgPort = int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535);
    this.databasePoolSize = int(env, 'DATABASE_POOL_SIZE', 10, 1, 1000);
    this.jwtSecret = secret(env, 'JWT_SECRET', this.dataDir, this.production);
    this.accessTokenTtlSeconds = int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 10, 86400);
    this.refreshTokenTtlDays = int(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365);
    this.loginRateLimit = int(env, 'LOGIN_RATE_LIMIT', 10);
    this.rateLimitPerIp = int(env, 'RATE_LIMIT_PER_IP', 600);
    this.rateLimitPerLicense = int(env, 'RATE_LIMIT_PER_LICENSE', 120);
    this.expirySweepIntervalSeconds = int(env, 'EXPIRY_SWEEP_INTERVAL_SECONDS', 60, 0);
    this.misuseScanIntervalSeconds = int(env, 'MISUSE_SCAN_INTERVAL_SECONDS', 60, 0);
    this.webhookAllowPrivate = bool(env, 'WEBHOOK_ALLOW_PRIVATE', false);
    this.webhookDispatchIntervalMs = int(env, 'WEBHOOK_DISPATCH_INTERVAL_MS', 1000, 0, 3_600_000);
    this.auditStreamHeartbeatMs = int(env, 'AUDIT_STREAM_HEARTBEAT_MS', 15_000, 10, 3_600_000);
    this.auditStreamPollMs = int(env, 'AUDIT_STREAM_POLL_MS', 500, 10, 60_000);
    this.logLevel = env.LOG_LEVEL || 'info';
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(this.logLevel)) {
      throw new ConfigError(`Invalid LOG_LEVEL: "${this.logLevel}"`);
    }
  }
}
