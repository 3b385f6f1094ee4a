import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { describe, test } from 'node:test';
import { FileChangeWatcher } from '../../../../host/base/fileChangeWatcher.ts';
import { nextEvent, tempFolder } from '../workflow/testSupport.ts';

describe('FileChangeWatcher', () => {
  test('fires after the watched file is written', async (t) => {
    const path = nodePath.join(await tempFolder(t), 'watched.yaml');
    await writeFile(path, 'a: 1');
    const watcher = new FileChangeWatcher(path, { debounceMs: 10 });
    t.after(() => watcher.dispose());
    const changed = nextEvent(watcher.onDidChange, { what: 'a change event' });
    await writeFile(path, 'a: 2');
    await changed;
  });

  test('keeps working after its folder is removed and re-created', async (t) => {
    const folder = nodePath.join(await tempFolder(t), 'nested');
    await mkdir(folder);
    const path = nodePath.join(folder, 'watched.yaml');
    const watcher = new FileChangeWatcher(path, { debounceMs: 10, rewatchMs: 20 });
    t.after(() => watcher.dispose());
    const lost = nextEvent(watcher.onDidChange, { what: 'the folder removal' });
    await rm(folder, { recursive: true });
    await lost;
    const rewatched = nextEvent(watcher.onDidChange, { what: 'watching the re-created folder' });
    await mkdir(folder);
    await rewatched;
    const written = nextEvent(watcher.onDidChange, { what: 'a write in the re-created folder' });
    await writeFile(path, 'back');
    await written;
  });

  test('watches a folder that does not exist yet once it appears', async (t) => {
    const folder = nodePath.join(await tempFolder(t), 'later');
    const watcher = new FileChangeWatcher(nodePath.join(folder, 'watched.yaml'), { debounceMs: 10, rewatchMs: 20 });
    t.after(() => watcher.dispose());
    const appeared = nextEvent(watcher.onDidChange, { what: 'the folder appearing' });
    await mkdir(folder);
    await appeared;
    const written = nextEvent(watcher.onDidChange, { what: 'a write in the new folder' });
    await writeFile(nodePath.join(folder, 'watched.yaml'), 'hello');
    await written;
  });
});
