import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner } from '@nestjs/core';
import { HttpClient, startTestApp, type TestApp } from '@geckoguard/testing';

/** API.md §11: the OpenAPI document covers every endpoint the server serves, each with a summary and responses. */
describe('OpenAPI coverage', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  function servedRoutes(): string[] {
    // Every controller of every module, as Nest registered them.
    const container = (t.app as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { instance: unknown; metatype: unknown }> }> } })
      .container;
    const wrappers = [...container.getModules().values()].flatMap((m) => [...m.controllers.values()]);
    const scanner = new MetadataScanner();
    const routes: string[] = [];
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '');
      for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const full = `/${[base, path].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
        routes.push(`${RequestMethod[method].toLowerCase()} ${full}`);
      }
    }
    return routes.sort();
  }

  it('documents every route with a summary and at least one response', async () => {
    const doc = (await new HttpClient(t.baseUrl).get('/docs-json')).body as {
      paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown> }>>;
    };
    const routes = servedRoutes();
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => {
      const [method, path] = r.split(' ') as [string, string];
      const op = doc.paths[path]?.[method];
      return !op || !op.summary || Object.keys(op.responses ?? {}).length === 0;
    });
    expect(missing).toEqual([]);
  });

  it('describes the authorize decision bodies and every status a client can get', async () => {
    type Schema = { $ref?: string; oneOf?: Schema[]; properties?: Record<string, unknown> };
    const doc = (await new HttpClient(t.baseUrl).get('/docs-json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
      components: { schemas: Record<string, Schema> };
    };
    const responses = doc.paths['/v1/licenses/authorize']!.post!.responses;
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '404']);
    const schemaOf = (status: string) => responses[status]!.content!['application/json']!.schema;
    const resolve = (schema: Schema) => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!]! : schema);
    expect(Object.keys(resolve(schemaOf('200')).properties!)).toEqual(expect.arrayContaining(['allow', 'reasonCode', 'limits', 'session', 'effectiveExpiresAt']));
    expect(Object.keys(resolve(schemaOf('404')).properties!)).toEqual(expect.arrayContaining(['allow', 'reasonCode', 'message']));
    // 403 is a refused decision or the §1 error envelope (a key without license:authorize).
    expect(schemaOf('403').oneOf!.map((s) => Object.keys(resolve(s).properties!).sort())).toEqual([
      expect.arrayContaining(['allow', 'reasonCode']),
      ['error', 'ok'],
    ]);
  });
});
