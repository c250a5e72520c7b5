// The keys of a resumable sending, in Node: the same files and settings give
// the same key, in any order of the settings; anything else another key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256, filesHash, runKey } from '../resume.js';

const blob = (text) => new Blob([text]);

test('sha256 is the hex SHA-256 of bytes or text', async () => {
  const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
  assert.equal(await sha256('abc'), abc);
  assert.equal(await sha256(new TextEncoder().encode('abc')), abc);
});

test('one file hashes to its own hash; several to the hash of their hashes in order', async () => {
  assert.equal(await filesHash([blob('abc')]), await sha256('abc'));
  const two = await filesHash([blob('a'), blob('b')]);
  assert.equal(two, await sha256(`${await sha256('a')}\n${await sha256('b')}`));
  assert.notEqual(two, await filesHash([blob('b'), blob('a')]), 'the order of the files counts');
  assert.equal(await filesHash([blob('x')], async (files) => files.map(() => 'given')), 'given', 'a worker may hash them');
});

test('a run key does not depend on the order of the settings', async () => {
  const a = await runKey('f1', { country: 'DE', target: 'outbound', map: [{ Source: 'a', Target: 'b' }], listSize: 10 });
  const b = await runKey('f1', { listSize: 10, map: [{ Target: 'b', Source: 'a' }], target: 'outbound', country: 'DE' });
  assert.equal(a, b);
  assert.match(a, /^[0-9a-f]{64}$/);
});

test('a run key changes with the files or any setting', async () => {
  const s = { country: 'DE', target: 'outbound', idColumn: 'Lead ID', phoneColumns: null };
  const key = await runKey('f1', s);
  assert.notEqual(key, await runKey('f2', s));
  assert.notEqual(key, await runKey('f1', { ...s, country: 'FR' }));
  assert.notEqual(key, await runKey('f1', { ...s, phoneColumns: [] }), 'no phone columns is not "as detected"');
  assert.notEqual(key, await runKey('f1', { ...s, idColumn: undefined }));
});
