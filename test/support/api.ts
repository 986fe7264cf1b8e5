import * as http from 'node:http';

/** Speaks HTTP to the real gateway, as a user does; hides no behaviour under test. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface ApiOptions {
  /** the source address to connect from (any of 127.0.0.0/8): a distinct "client" to the gateway */
  localAddress?: string;
}

export class Api {
  /** Every response body seen, for leak checks. */
  readonly seen: string[];
  private readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
    private readonly options: ApiOptions = {},
    seen: string[] = [],
    agent?: http.Agent,
  ) {
    this.seen = seen;
    this.agent = agent ?? new http.Agent({ keepAlive: true, maxSockets: 64, localAddress: options.localAddress });
  }

  withToken(token: string | undefined): Api {
    return new Api(this.baseUrl, token, this.options, this.seen, this.agent);
  }

  /** The same caller connecting from another address. */
  from(localAddress: string): Api {
    return new Api(this.baseUrl, this.token, { ...this.options, localAddress }, this.seen);
  }

  /**
   * One request over node:http (not fetch, so a test can pick its source address
   * and send headers exactly as given, repeated or non-ASCII). Raw header pairs
   * in `rawHeaders` replace the Authorization header this Api would send.
   */
  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    rawHeaders?: [string, string][],
  ): Promise<ApiResponse<T>> {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const pairs: [string, string][] = [
      ...(rawHeaders ?? (this.token ? [['authorization', `Bearer ${this.token}`] as [string, string]] : [])),
      ...(payload ? [['content-type', 'application/json'] as [string, string], ['content-length', String(payload.length)] as [string, string]] : []),
      ...Object.entries(headers),
    ];
    // a name given more than once is sent as that many header lines
    const outgoing: Record<string, string | string[]> = {};
    for (const [name, value] of pairs) {
      const key = name.toLowerCase();
      const had = outgoing[key];
      outgoing[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
    }
    const url = new URL(path, this.baseUrl);
    const { status, responseHeaders, text } = await new Promise<{ status: number; responseHeaders: Headers; text: string }>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent: this.agent, headers: outgoing },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
            resolve({ status: res.statusCode ?? 0, responseHeaders: h, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    this.seen.push(text);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep text */
    }
    return { status, body: parsed as T, headers: responseHeaders, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }

  /** Fails the test with the server's answer if the status is not the expected one. */
  static expectStatus(res: ApiResponse, status: number): void {
    if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  }
}
