// `npm run backup -- <file>` / `npm run restore -- <file>`: the installed app's --backup / --restore (IT guide §5) for
// a checkout running the browser host. Same code, same checks, same exit codes; the data folder is the host's
// (KIOSK_DATA_DIR, default .data/kiosk).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMaintenance } from '../shell/maintenance.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(process.env.KIOSK_DATA_DIR ?? join(root, '.data/kiosk'));
const [kind, file] = process.argv.slice(2);
if (kind !== 'backup' && kind !== 'restore') {
  console.error('usage: maintenance-cli.ts backup|restore <file>');
  process.exit(64);
}
process.exitCode = await runMaintenance({ kind, file: file ? resolve(file) : '' }, dataDir, console);
