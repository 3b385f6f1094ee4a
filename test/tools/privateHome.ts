// Loaded with `--import` into every test process: HOME points at an empty folder of the process's
// own. The host launches agents and hooks through login shells (`bash -lc`, Symphony §10), and a
// machine's own profile (version managers that rehash under a lock, slow init scripts) must not
// decide whether a test passes or how long it takes. Tests that need git set their identity.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'opensymphony-test-home-'));
process.env.HOME = home;
process.on('exit', () => rmSync(home, { recursive: true, force: true }));
