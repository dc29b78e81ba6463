import { createConnection, type Socket } from 'node:net';
import { KioskError } from '../../errors.ts';
import type { PrinterHealth } from '../../../common/printing.ts';
import type { Transport } from './transport.ts';

export interface TcpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  /** How long the printer may take to accept the whole job. */
  writeTimeoutMs?: number;
  /** How long to wait for each DLE EOT answer before treating the printer as one that does not answer. */
  statusTimeoutMs?: number;
}

const DLE_EOT = [0x10, 0x04] as const;

/**
 * Raw TCP printing (port 9100, "JetDirect"). Before sending, the printer's real-time status (DLE EOT) is read so
 * a job is not handed to a printer that cannot print it: a printer holding a job with its cover open prints it
 * later by surprise, after staff have pressed retry.
 */
export function createTcpTransport(options: TcpTransportOptions): Transport {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 15_000;
  const statusTimeoutMs = options.statusTimeoutMs ?? 1000;
  const target = `tcp ${options.host}:${options.port}`;

  return {
    describe: () => target,

    async send(bytes) {
      const connection = await connect(options.host, options.port, connectTimeoutMs);
      try {
        const health = await readHealth(connection, statusTimeoutMs);
        const problem = health === null ? null : healthErrorCode(health);
        if (problem !== null) throw new KioskError(problem, { params: { target } });
        await connection.write(Buffer.from(bytes), writeTimeoutMs);
        await connection.finish(Math.min(writeTimeoutMs, 2000));
      } finally {
        connection.destroy();
      }
    },

    async status() {
      let connection: Connection;
      try {
        connection = await connect(options.host, options.port, connectTimeoutMs);
      } catch {
        return { online: false, coverOpen: false, paperOut: false, paperNearEnd: false };
      }
      try {
        // A printer that answers no status but accepts a connection is taken to be online.
        return (
          (await readHealth(connection, statusTimeoutMs)) ?? {
            online: true,
            coverOpen: false,
            paperOut: false,
            paperNearEnd: false,
          }
        );
      } finally {
        connection.destroy();
      }
    },
  };
}

/** The error a job gets from a printer in this state, or null when it can print. */
export function healthErrorCode(health: PrinterHealth): string | null {
  if (health.coverOpen) return 'PRINTER_COVER_OPEN';
  if (health.paperOut) return 'PRINTER_PAPER_OUT';
  if (!health.online) return 'PRINTER_OFFLINE';
  return null;
}

interface Connection {
  request(command: number[], timeoutMs: number): Promise<number | null>;
  write(bytes: Buffer, timeoutMs: number): Promise<void>;
  finish(timeoutMs: number): Promise<void>;
  destroy(): void;
}

function offline(error: unknown, detail: string): KioskError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? detail;
  return new KioskError('PRINTER_OFFLINE', { params: { detail: code } });
}

function connect(host: string, port: number, timeoutMs: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new KioskError('PRINTER_OFFLINE', { params: { detail: 'connect timeout' } }));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(offline(error, 'connect failed'));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(wrap(socket));
    });
  });
}

function wrap(socket: Socket): Connection {
  const received: number[] = [];
  let waiter: (() => void) | null = null;
  let failure: Error | null = null;
  let closed = false;
  const wake = (): void => {
    const w = waiter;
    waiter = null;
    w?.();
  };
  socket.removeAllListeners('error');
  socket.on('data', (chunk: Buffer) => {
    received.push(...chunk);
    wake();
  });
  socket.on('error', (error) => {
    failure = offline(error, 'connection lost');
    wake();
  });
  socket.on('close', () => {
    closed = true;
    wake();
  });

  const wait = (timeoutMs: number, ready: () => boolean): Promise<boolean> =>
    new Promise((resolve) => {
      if (ready()) return resolve(true);
      const timer = setTimeout(() => {
        waiter = null;
        resolve(false);
      }, timeoutMs);
      const check = (): void => {
        if (ready() || failure || closed) {
          clearTimeout(timer);
          resolve(ready());
        } else {
          waiter = check;
        }
      };
      waiter = check;
    });

  return {
    async request(command, timeoutMs) {
      if (failure) throw failure;
      received.length = 0;
      socket.write(Buffer.from(command));
      const answered = await wait(timeoutMs, () => received.length > 0);
      if (failure) throw failure;
      return answered ? (received.shift() ?? null) : null;
    },

    write(bytes, timeoutMs) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const timer = setTimeout(() => {
          reject(new KioskError('PRINTER_TIMEOUT', { params: { detail: 'write timeout' } }));
        }, timeoutMs);
        socket.write(bytes, (error) => {
          clearTimeout(timer);
          if (error) reject(offline(error, 'write failed'));
          else resolve();
        });
      });
    },

    async finish(timeoutMs) {
      if (closed) return;
      socket.end();
      // The printer closing its side means it has read everything; not all printers do, so this wait is bounded.
      await wait(timeoutMs, () => closed);
      if (failure) throw failure;
    },

    destroy() {
      socket.destroy();
    },
  };
}

/** Fixed bits of every DLE EOT answer (bit 1 and bit 4 set, bits 0 and 7 clear), which tell it from other data. */
function isStatusByte(value: number): boolean {
  return (value & 0x93) === 0x12;
}

/** Reads DLE EOT 1 (printer), 2 (offline cause) and 4 (roll paper); null when the printer does not answer. */
async function readHealth(connection: Connection, timeoutMs: number): Promise<PrinterHealth | null> {
  const ask = async (n: number): Promise<number | null> => {
    const value = await connection.request([...DLE_EOT, n], timeoutMs);
    return value !== null && isStatusByte(value) ? value : null;
  };
  const printer = await ask(1);
  if (printer === null) return null;
  const offlineCause = (await ask(2)) ?? 0x12;
  const paper = (await ask(4)) ?? 0x12;
  return {
    online: (printer & 0x08) === 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (offlineCause & 0x20) !== 0 || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
  };
}
