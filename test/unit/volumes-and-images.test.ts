import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  closeMatches,
  imageRefusal,
  imageRegistry,
  isImageReference,
  withDefaultTag,
} from '../../core/images';
import { normalizePath, parentPath } from '../../core/posix-path';
import {
  createVolumeRequestSchema,
  expandTemplate,
  forbiddenHostPath,
  isWithin,
  reservedContainerPath,
  templateRoot,
  type MountVariables,
} from '../../core/volumes';

const vars: MountVariables = {
  username: 'alice',
  uid: '5101',
  gid: '5100',
  group: 'bio',
  project: 'genome',
  home: '/home/alice',
};

describe('volume templates and path rules', () => {
  test('templates expand from the job and its owner; their root is what they fix', () => {
    assert.equal(expandTemplate('/data/{project}/{username}', vars), '/data/genome/alice');
    assert.equal(expandTemplate('{home}/results', vars), '/home/alice/results');
    assert.equal(templateRoot('/data/{project}', vars), '/data');
    assert.equal(templateRoot('/scratch/u-{uid}/x', vars), '/scratch');
    assert.equal(templateRoot('/srv/refdata', vars), '/srv/refdata');
    assert.equal(templateRoot('{home}/results', vars), '/home/alice');
  });

  test('declarations refuse relative paths, .. and unknown placeholders', () => {
    const base = { name: 'x', containerPath: '/x' };
    for (const hostPath of ['data', '/data/../etc', '/data/{secret}', '']) {
      assert.equal(
        createVolumeRequestSchema.safeParse({ ...base, hostPath }).success,
        false,
        hostPath,
      );
    }
    const ok = createVolumeRequestSchema.parse({ ...base, hostPath: '/data/{project}' });
    assert.equal(ok.readOnly, true, 'volumes are read-only unless declared otherwise');
    assert.equal(
      createVolumeRequestSchema.safeParse({ ...base, name: '../x', hostPath: '/d' }).success,
      false,
    );
  });

  test('system paths, the Docker socket and the host root are never mountable', () => {
    for (const path of [
      '/',
      '/etc',
      '/etc/ssh',
      '/proc/1',
      '/sys',
      '/dev/sda',
      '/var/run/docker.sock',
      '/run/docker.sock',
      '/var/lib/docker/volumes',
      '/srv/x.sock',
      '/root',
    ]) {
      assert.ok(forbiddenHostPath(path), path);
    }
    for (const path of ['/data/genome', '/home/alice', '/scratch', '/etcetera', '/srv/refdata']) {
      assert.equal(forbiddenHostPath(path), undefined, path);
    }
  });

  test('containment is by path segment, not by string prefix', () => {
    assert.ok(isWithin('/home/alice/x', '/home/alice'));
    assert.ok(isWithin('/home/alice', '/home/alice'));
    assert.ok(!isWithin('/home/alice2', '/home/alice'));
    assert.ok(isWithin('/anything', '/'));
  });

  test('container paths the image needs are reserved', () => {
    for (const path of ['/', '/bin', '/usr', '/etc', '/proc/self', '/dev', '/tmp']) {
      assert.ok(reservedContainerPath(path), path);
    }
    assert.equal(reservedContainerPath('/data'), undefined);
  });
});

describe('image policy', () => {
  const policy = {
    catalog: ['godocker/busybox:latest', 'godocker/debian:12'],
    allowUserImages: false,
    allowedRegistries: [],
  };

  test('references are parsed as Docker does', () => {
    assert.equal(withDefaultTag('godocker/busybox'), 'godocker/busybox:latest');
    assert.equal(withDefaultTag('localhost:5000/x'), 'localhost:5000/x:latest');
    assert.equal(withDefaultTag('x@sha256:' + 'a'.repeat(64)), 'x@sha256:' + 'a'.repeat(64));
    assert.equal(imageRegistry('ubuntu:24.04'), 'docker.io');
    assert.equal(imageRegistry('localhost:5000/tools/x:1'), 'localhost:5000');
    assert.equal(imageRegistry('quay.io/biocontainers/samtools:1.19'), 'quay.io');
    for (const bad of ['--privileged', 'busybox;rm -rf /', 'Busybox', 'a b', '', 'x:', '/x']) {
      assert.equal(isImageReference(bad), false, bad);
    }
  });

  test('catalog images pass; others are refused with close matches', () => {
    assert.equal(imageRefusal('godocker/busybox', policy), undefined);
    assert.match(
      imageRefusal('godocker/busybx', policy) ?? '',
      /did you mean godocker\/busybox:latest/,
    );
    assert.match(
      imageRefusal('ubuntu', policy) ?? '',
      /only catalog images may run here; the catalog has/,
    );
    assert.deepEqual(closeMatches('debian', policy.catalog), ['godocker/debian:12']);
  });

  test('user images only where the site allows them, from its registries', () => {
    const open = { ...policy, allowUserImages: true, allowedRegistries: ['registry.example.org'] };
    assert.equal(imageRefusal('registry.example.org/lab/tool:2', open), undefined);
    assert.match(
      imageRefusal('ubuntu:24.04', open) ?? '',
      /images from docker\.io are not allowed here/,
    );
    assert.equal(imageRefusal('ubuntu:24.04', { ...open, allowedRegistries: [] }), undefined);
  });
});

describe('lexical POSIX paths', () => {
  test('normalizePath resolves dots and drops repeated and trailing slashes', () => {
    const cases: Array<[string, string]> = [
      ['/data//x/../y/', '/data/y'],
      ['/', '/'],
      ['//', '/'],
      ['/../..', '/'],
      ['/tmp/', '/tmp'],
      ['/a/./b/.', '/a/b'],
      ['a/../../b', '../b'],
      ['', '.'],
    ];
    for (const [input, expected] of cases) assert.equal(normalizePath(input), expected, input);
  });

  test('parentPath is the directory above, and / above itself', () => {
    assert.equal(parentPath('/data/x'), '/data');
    assert.equal(parentPath('/data'), '/');
    assert.equal(parentPath('/'), '/');
    assert.equal(parentPath('/data/x/'), '/data');
  });

  test('a trailing slash does not get a mount past the reserved container paths', () => {
    for (const p of ['/tmp/', '/usr//', '/etc/.', '/proc/self/'])
      assert.ok(reservedContainerPath(p), `${p} should be reserved`);
    assert.equal(reservedContainerPath('/data/'), undefined);
  });
});
