import { readFileSync } from 'node:fs';

function readVersion(): string {
  for (const candidate of ['../../../../package.json', '../../../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // try the next location (source tree vs dist/)
    }
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
