import { randomBytes } from 'node:crypto';
import { ALLOW_ALL, READ_ONLY, type AccessRule } from './authorizer';

export interface UserSpec {
  name: string;
  groups?: string[];
  /** What the user may do; defaults to everything. */
  rules?: AccessRule[];
  /** A fixed token; by default a random one is generated. */
  token?: string;
}

export interface User {
  name: string;
  groups: string[];
  allow: AccessRule[];
  deny: AccessRule[];
  token: string;
  revoked: boolean;
}

/** `admin` may do everything; `viewer` may read everything except secrets. */
export const DEFAULT_USERS: readonly UserSpec[] = [
  { name: 'admin', groups: ['system:masters'] },
  { name: 'viewer', groups: ['viewers'], rules: [...READ_ONLY] },
];

export const newToken = () => randomBytes(24).toString('base64url');

/** The identities a simulated cluster accepts: bearer tokens and client certificates by CN. */
export class UserDirectory {
  private readonly users = new Map<string, User>();
  private readonly byToken = new Map<string, User>();

  constructor(specs: readonly UserSpec[] = DEFAULT_USERS) {
    for (const spec of specs) this.add(spec);
  }

  add(spec: UserSpec): User {
    if (this.users.has(spec.name)) throw new Error(`user "${spec.name}" already exists`);
    const user: User = {
      name: spec.name,
      groups: spec.groups ?? [],
      allow: spec.rules ? [...spec.rules] : [ALLOW_ALL],
      deny: [],
      token: spec.token ?? newToken(),
      revoked: false,
    };
    this.users.set(user.name, user);
    this.byToken.set(user.token, user);
    return user;
  }

  get(name: string): User {
    const user = this.users.get(name);
    if (!user) throw new Error(`unknown user "${name}"; known users: ${[...this.users.keys()].join(', ')}`);
    return user;
  }

  has(name: string): boolean {
    return this.users.has(name);
  }

  names(): string[] {
    return [...this.users.keys()];
  }

  /** The user a bearer token belongs to, unless unknown or revoked. */
  authenticateToken(token: string): User | undefined {
    const user = this.byToken.get(token);
    return user && !user.revoked ? user : undefined;
  }

  /** Client certificates are only issued by the cluster's CA, so the CN alone names the user. */
  authenticateCertificate(commonName: string): User | undefined {
    const user = this.users.get(commonName);
    return user && !user.revoked ? user : undefined;
  }

  revoke(name: string): void {
    this.get(name).revoked = true;
  }

  restore(name: string): void {
    this.get(name).revoked = false;
  }

  /** Issues a new token; the old one stops working at once. */
  rotate(name: string): string {
    const user = this.get(name);
    this.byToken.delete(user.token);
    user.token = newToken();
    this.byToken.set(user.token, user);
    return user.token;
  }

  forbid(name: string, rule: AccessRule): void {
    this.get(name).deny.push(rule);
  }

  /** The credential faults in effect, e.g. `revoked:admin`, `forbidden:viewer`. */
  faults(): string[] {
    const names: string[] = [];
    for (const user of this.users.values()) {
      if (user.revoked) names.push(`revoked:${user.name}`);
      if (user.deny.length > 0) names.push(`forbidden:${user.name}`);
    }
    return names;
  }

  /** Drops revocations and deny rules added at run time; rotated tokens stay rotated. */
  heal(): void {
    for (const user of this.users.values()) {
      user.revoked = false;
      user.deny = [];
    }
  }
}
