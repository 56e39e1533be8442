import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../apps/api/src/config/plenary-config';
import { createApp } from '../../apps/api/src/main';

/**
 * One API replica in a process of its own, configured by environment variables exactly as
 * `serve` is (the test gives each replica its own read-model and ledger files beside a shared
 * event store, key vault and signing keys). Listens on a free port, sends `{ port }` over IPC,
 * and closes on the message `stop`.
 */
async function main(): Promise<void> {
  if (process.send === undefined) throw new Error('run this entry as a forked child');
  const app = await createApp(loadConfig(process.env));
  await app.listen(0, '127.0.0.1');
  process.send({ port: (app.getHttpServer().address() as AddressInfo).port });
  process.on('message', (message) => {
    if (message !== 'stop') return;
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
