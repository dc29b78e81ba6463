import type { SyncConnection } from './sync-client.ts';

/**
 * One request of this terminal to HQ on the main process (the lease, a reception's claim): the path is read against
 * the configured HQ URL, the terminal's token goes as a bearer token, a body as JSON, and the call gives up after
 * `timeoutMs`. Answers the status and the body's text, or null when HQ could not be reached; what a status means is
 * the caller's to say.
 */
export async function requestHq(
  connection: SyncConnection,
  fetcher: typeof fetch,
  timeoutMs: number,
  request: { method: string; path: string; body?: unknown },
): Promise<{ status: number; ok: boolean; text: string } | null> {
  const url = hqUrl(connection.hqUrl, request.path);
  try {
    const response = await fetcher(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${connection.token}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, ok: response.ok, text: await response.text() };
  } catch {
    return null;
  }
}

/** A path of HQ's API against the configured HQ URL (with or without its trailing slash). */
export function hqUrl(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}
