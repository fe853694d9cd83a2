import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INSTALL_HINT,
  KUBECTL_DIR_ENV,
  kubectlSearchDirectories,
  locateKubectl,
  parseTable,
  requireKubectl,
} from './compat/kubectl';

let root: string;

async function executable(path: string): Promise<void> {
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, 0o755);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'flotilla-kubectl-locator-'));
  // The gcloud layout: versioned binaries beside the real dispatcher, PATH holding a symlink to it.
  await mkdir(join(root, 'sdk', 'bin'), { recursive: true });
  await executable(join(root, 'sdk', 'bin', 'kubectl'));
  await executable(join(root, 'sdk', 'bin', 'kubectl.1.27'));
  await executable(join(root, 'sdk', 'bin', 'kubectl.1.33'));
  await mkdir(join(root, 'path'));
  await symlink(join(root, 'sdk', 'bin', 'kubectl'), join(root, 'path', 'kubectl'));
  // A folder with only a non-executable kubectl.1.27.
  await mkdir(join(root, 'other'));
  await writeFile(join(root, 'other', 'kubectl.1.27'), '');
  await mkdir(join(root, 'empty'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('locating kubectl for the compatibility suite', () => {
  it('follows the kubectl on PATH to the folder of its versioned binaries', () => {
    const env = { PATH: [join(root, 'empty'), join(root, 'path')].join(delimiter) };
    expect(kubectlSearchDirectories(env)).toEqual([join(root, 'sdk', 'bin'), join(root, 'path')]);
    expect(locateKubectl('1.27', env)).toBe(join(root, 'sdk', 'bin', 'kubectl.1.27'));
    expect(locateKubectl('1.33', env)).toBe(join(root, 'sdk', 'bin', 'kubectl.1.33'));
  });

  it('uses only the folder named by the override variable', () => {
    expect(locateKubectl('1.33', { [KUBECTL_DIR_ENV]: join(root, 'sdk', 'bin'), PATH: '' })).toBe(
      join(root, 'sdk', 'bin', 'kubectl.1.33'),
    );
    expect(locateKubectl('1.27', { [KUBECTL_DIR_ENV]: join(root, 'other'), PATH: '' })).toBeUndefined();
  });

  it('fails with the install hint and what it searched when no binary is found', () => {
    expect(() => requireKubectl('1.27', { PATH: join(root, 'empty') })).toThrow(INSTALL_HINT);
    expect(() => requireKubectl('1.27', { PATH: join(root, 'empty') })).toThrow(
      'searched: nothing, no kubectl on PATH',
    );
    expect(() => requireKubectl('1.33', { [KUBECTL_DIR_ENV]: join(root, 'other') })).toThrow(
      `searched: ${join(root, 'other')}`,
    );
    expect(INSTALL_HINT).toContain('kubectl.1.27 and kubectl.1.33');
  });
});

describe('reading kubectl tables', () => {
  it('slices cells at the header offsets, keeping multi-word headers and cells whole', () => {
    const text = [
      'NAME     STATUS   OS-IMAGE             NOMINATED NODE',
      'node-1   Ready    Ubuntu 24.04.1 LTS   <none>',
      'node-2   NotReady Ubuntu 22.04 LTS     <none>',
      '',
    ].join('\n');
    expect(parseTable(text)).toEqual({
      headers: ['NAME', 'STATUS', 'OS-IMAGE', 'NOMINATED NODE'],
      rows: [
        { NAME: 'node-1', STATUS: 'Ready', 'OS-IMAGE': 'Ubuntu 24.04.1 LTS', 'NOMINATED NODE': '<none>' },
        { NAME: 'node-2', STATUS: 'NotReady', 'OS-IMAGE': 'Ubuntu 22.04 LTS', 'NOMINATED NODE': '<none>' },
      ],
    });
    expect(parseTable('')).toEqual({ headers: [], rows: [] });
  });
});
