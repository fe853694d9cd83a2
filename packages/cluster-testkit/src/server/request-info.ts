import type { ResourceType } from '../api/resources';
import type { TypeRegistry } from '../api/type-registry';

/** What a request addresses, parsed the way the apiserver's RequestInfoFactory does. */
export type RequestInfo =
  | {
      kind: 'resource';
      verb: string;
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
    }
  | { kind: 'group-version'; group: string; version: string }
  | { kind: 'unknown-type'; group: string; version: string; resource: string }
  | { kind: 'other' };

export function parseRequestInfo(method: string, url: URL, registry: TypeRegistry): RequestInfo {
  const parts = url.pathname.split('/').filter(Boolean);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    version = parts[1] as string;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1] as string;
    version = parts[2] as string;
    rest = parts.slice(3);
  } else {
    return { kind: 'other' };
  }
  if (rest.length === 0) return { kind: 'group-version', group, version };

  let namespace: string | undefined;
  // `namespaces/<ns>/<plural>/…` addresses a namespaced resource; `namespaces/<ns>[/status]` the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3 && registry.lookup(group, version, rest[2] as string)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural = '', name, subresource, ...extra] = rest;
  const type = registry.lookup(group, version, plural);
  if (!type || extra.length > 0) return { kind: 'unknown-type', group, version, resource: plural };
  if (namespace !== undefined && !type.namespaced)
    return { kind: 'unknown-type', group, version, resource: plural };

  const watch = url.searchParams.get('watch');
  const isWatch = watch === 'true' || watch === '1';
  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = name ? 'get' : isWatch ? 'watch' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = method.toLowerCase();
  }
  return {
    kind: 'resource',
    verb,
    type,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}
