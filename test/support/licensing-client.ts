export interface LicensingReply {
  status: number;
  headers: Headers;
  body: any;
}

export type LicensingEndpoint = 'validate' | 'activate' | 'extend' | 'deactivate';

/** POSTs to /licensing/<endpoint> the way a SecureTeam Pulse client would: JSON, no API key, no signature. */
export async function licensing(baseUrl: string, endpoint: LicensingEndpoint, body: unknown, headers: Record<string, string> = {}): Promise<LicensingReply> {
  const res = await fetch(`${baseUrl}/licensing/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
