import { createServer, type Server, type Socket } from 'node:net';
import { defaultPrinterSettings, type PrinterSettings } from '../../common/printing.ts';

/**
 * A network ESC/POS printer (EPSON Japanese model) on 127.0.0.1 for tests. It has its own small parser, written
 * apart from main/printing/escpos-decoder.ts so a mistake in one does not hide in the other, and it decodes kanji
 * with the WHATWG Shift_JIS decoder rather than iconv-lite. It turns what it receives into what a customer reads:
 * lines of text with their alignment, barcodes with their data, and one Paper per cut — and the pulses it sends to
 * its cash drawer (M-01).
 */

export type EmulatorState = 'online' | 'offline' | 'coverOpen' | 'paperOut' | 'paperNearEnd';
export type PaperAlign = 'left' | 'center' | 'right';

export type PaperItem =
  | { kind: 'text'; text: string; align: PaperAlign; bold: boolean; widthScale: number; heightScale: number }
  | { kind: 'barcode'; symbology: string; data: string; align: PaperAlign }
  | { kind: 'image'; width: number; height: number };

/** An `ESC p m t1 t2` the printer passed on to its drawer connector: the pin and the pulse in milliseconds. */
export interface DrawerKick {
  pin: 2 | 5;
  pulseOnMs: number;
  pulseOffMs: number;
}

export interface PaperBarcode {
  symbology: string;
  data: string;
}

export interface Paper {
  items: PaperItem[];
  /** Every text line, in order, as printed (blank lines are ''). */
  lines: string[];
  barcodes: PaperBarcode[];
  /** `lines` joined with '\n'. */
  text: string;
}

export interface EscposEmulator {
  readonly host: string;
  readonly port: number;
  /** Papers cut so far, oldest first. */
  received(): Paper[];
  /** What is printed but not yet cut. */
  uncut(): Paper;
  /** Drawer kicks so far, oldest first. */
  drawerKicks(): DrawerKick[];
  waitForDrawerKicks(count: number, timeoutMs: number): Promise<DrawerKick[]>;
  /** Every DLE EOT n asked, in order. */
  statusRequests(): number[];
  /** Offsets and first bytes of commands the emulator did not know. */
  unknownCommands(): string[];
  connectionCount(): number;
  waitForCut(count: number, timeoutMs: number): Promise<Paper[]>;
  /** Anything but 'online'/'paperNearEnd' holds received data until the printer is online again, like a real one. */
  setState(state: EmulatorState): void;
  /** A printer (or print server) that never answers DLE EOT. */
  setAnswersStatus(answers: boolean): void;
  clear(): void;
  close(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

const SHIFT_JIS = new TextDecoder('shift_jis');

/** Printer settings with both printers on this emulator (drawer and the rest at their defaults), then `change`d. */
export function printersAt(emulator: Pick<EscposEmulator, 'host' | 'port'>, change: (settings: PrinterSettings) => void = () => {}): PrinterSettings {
  const tcp = { kind: 'tcp' as const, host: emulator.host, port: emulator.port };
  const settings: PrinterSettings = structuredClone({
    receipt: { ...defaultPrinterSettings.receipt, transport: tcp },
    label: { ...defaultPrinterSettings.label, transport: tcp },
  });
  change(settings);
  return settings;
}

const SYMBOLOGIES: Record<number, string> = {
  0: 'UPC-A',
  1: 'UPC-E',
  2: 'EAN13',
  3: 'EAN8',
  4: 'CODE39',
  5: 'ITF',
  6: 'CODABAR',
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
};

function makePaper(items: PaperItem[]): Paper {
  const lines = items.flatMap((i) => (i.kind === 'text' ? [i.text] : []));
  const barcodes = items.flatMap((i) => (i.kind === 'barcode' ? [{ symbology: i.symbology, data: i.data }] : []));
  return { items: [...items], lines, barcodes, text: lines.join('\n') };
}

type Output = { type: 'item'; item: PaperItem } | { type: 'cut' } | { type: 'kick'; kick: DrawerKick };

/** Parses one connection's stream; incomplete commands wait for the next chunk. */
class StreamParser {
  private pending = Buffer.alloc(0);
  private lineBytes: number[] = [];
  private align: PaperAlign = 'left';
  private bold = false;
  private widthScale = 1;
  private heightScale = 1;
  private kanji = false;
  private japan = false;

  constructor(
    private readonly emit: (output: Output) => void,
    private readonly answer: (n: number) => void,
    private readonly unknown: (what: string) => void,
  ) {}

  feed(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    let i = 0;
    for (;;) {
      const used = this.step(this.pending, i);
      if (used === 0) break;
      i += used;
    }
    this.pending = this.pending.subarray(i);
  }

  private resetModes(): void {
    this.align = 'left';
    this.bold = false;
    this.widthScale = 1;
    this.heightScale = 1;
    this.kanji = false;
    this.japan = false;
  }

  private decodeLine(): string {
    const raw = Buffer.from(this.lineBytes);
    this.lineBytes = [];
    let text = SHIFT_JIS.decode(raw);
    if (this.japan) text = text.replace(/\\/g, '¥');
    return text;
  }

  private printLine(): void {
    this.emit({
      type: 'item',
      item: {
        kind: 'text',
        text: this.decodeLine(),
        align: this.align,
        bold: this.bold,
        widthScale: this.widthScale,
        heightScale: this.heightScale,
      },
    });
  }

  private printIfAny(): void {
    if (this.lineBytes.length > 0) this.printLine();
  }

  /** Handles the command at `i`; returns the bytes it used, or 0 when more bytes are needed. */
  private step(buf: Buffer, i: number): number {
    if (i >= buf.length) return 0;
    const b = buf[i]!;
    const need = (n: number): boolean => i + n <= buf.length;
    const arg = (k: number): number => buf[i + k]!;

    if (b === 0x0a) {
      this.printLine();
      return 1;
    }
    if (b === 0x0d) return 1;
    if (b === 0x10) {
      if (!need(3)) return 0;
      if (arg(1) === 0x04) this.answer(arg(2));
      return 3;
    }
    if (b === 0x1b) {
      if (!need(2)) return 0;
      const c = arg(1);
      if (c === 0x40) {
        this.printIfAny();
        this.resetModes();
        return 2;
      }
      if (c === 0x32) return 2;
      if (!need(3)) return 0;
      const n = arg(2);
      switch (c) {
        case 0x61:
          this.align = (['left', 'center', 'right'] as const)[n % 48] ?? 'left';
          return 3;
        case 0x45:
          this.bold = n % 2 === 1;
          return 3;
        case 0x21:
          this.bold = (n & 0x08) > 0;
          this.heightScale = n & 0x10 ? 2 : 1;
          this.widthScale = n & 0x20 ? 2 : 1;
          return 3;
        case 0x52:
          this.japan = n === 8;
          return 3;
        case 0x64:
          this.printIfAny();
          return 3;
        case 0x2d:
        case 0x33:
        case 0x4d:
        case 0x74:
          return 3;
        case 0x70: {
          // ESC p m t1 t2: m 0 or 48 is connector pin 2, 1 or 49 pin 5; t1 on and t2 off, in units of 2 ms.
          if (!need(5)) return 0;
          if (n !== 0 && n !== 1 && n !== 48 && n !== 49) {
            this.unknown(`ESC p with m=${n} at ${i}`);
            return 5;
          }
          this.emit({ type: 'kick', kick: { pin: n % 48 === 0 ? 2 : 5, pulseOnMs: arg(3) * 2, pulseOffMs: arg(4) * 2 } });
          return 5;
        }
        default:
          this.unknown(`ESC ${c.toString(16)} at ${i}`);
          return 2;
      }
    }
    if (b === 0x1d) {
      if (!need(3)) return 0;
      const c = arg(1);
      const n = arg(2);
      switch (c) {
        case 0x21:
          this.widthScale = (n >> 4) + 1;
          this.heightScale = (n & 0x0f) + 1;
          return 3;
        case 0x48:
        case 0x66:
        case 0x68:
        case 0x77:
          return 3;
        case 0x56: {
          const length = n === 65 || n === 66 ? 4 : 3;
          if (!need(length)) return 0;
          this.printIfAny();
          this.emit({ type: 'cut' });
          return length;
        }
        case 0x6b:
          return this.barcode(buf, i);
        case 0x76: {
          if (!need(8)) return 0;
          const width = arg(4) + 256 * arg(5);
          const height = arg(6) + 256 * arg(7);
          if (!need(8 + width * height)) return 0;
          this.printIfAny();
          this.emit({ type: 'item', item: { kind: 'image', width: width * 8, height } });
          return 8 + width * height;
        }
        default:
          this.unknown(`GS ${c.toString(16)} at ${i}`);
          return 2;
      }
    }
    if (b === 0x1c) {
      if (!need(2)) return 0;
      const c = arg(1);
      if (c === 0x26) {
        this.kanji = true;
        return 2;
      }
      if (c === 0x2e) {
        this.kanji = false;
        return 2;
      }
      if (c === 0x43) return need(3) ? 3 : 0;
      this.unknown(`FS ${c.toString(16)} at ${i}`);
      return 2;
    }
    if (b < 0x20) {
      this.unknown(`control ${b.toString(16)} at ${i}`);
      return 1;
    }
    const doubleByte = this.kanji && ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc));
    if (doubleByte) {
      if (!need(2)) return 0;
      this.lineBytes.push(b, arg(1));
      return 2;
    }
    this.lineBytes.push(b);
    return 1;
  }

  private barcode(buf: Buffer, i: number): number {
    const m = buf[i + 2]!;
    let data: Buffer;
    let used: number;
    if (m < 0x41) {
      const end = buf.indexOf(0, i + 3);
      if (end < 0) return 0;
      data = buf.subarray(i + 3, end);
      used = end + 1 - i;
    } else {
      if (i + 4 > buf.length) return 0;
      const length = buf[i + 3]!;
      if (i + 4 + length > buf.length) return 0;
      data = buf.subarray(i + 4, i + 4 + length);
      used = 4 + length;
    }
    this.printIfAny();
    const symbology = SYMBOLOGIES[m] ?? `m=${m}`;
    let text = data.toString('latin1');
    if (symbology === 'CODE128') {
      // Code set B only: strip the leading {B and undo {{ escapes.
      if (!text.startsWith('{B')) this.unknown(`CODE128 without {B: ${text}`);
      text = text.slice(2).replace(/\{\{/g, '{');
    }
    this.emit({ type: 'item', item: { kind: 'barcode', symbology, data: text, align: this.align } });
    return used;
  }
}

/** The emulator's parser without the network: what these bytes put on paper. DLE EOT requests are ignored. */
export function readPapers(bytes: Uint8Array): { papers: Paper[]; uncut: Paper; unknownCommands: string[]; drawerKicks: DrawerKick[] } {
  const papers: Paper[] = [];
  let current: PaperItem[] = [];
  const unknownCommands: string[] = [];
  const drawerKicks: DrawerKick[] = [];
  const parser = new StreamParser(
    (output) => {
      if (output.type === 'item') current.push(output.item);
      else if (output.type === 'kick') drawerKicks.push(output.kick);
      else {
        papers.push(makePaper(current));
        current = [];
      }
    },
    () => undefined,
    (what) => unknownCommands.push(what),
  );
  parser.feed(Buffer.from(bytes));
  return { papers, uncut: makePaper(current), unknownCommands, drawerKicks };
}

export async function startEscposEmulator(options: { port?: number; host?: string } = {}): Promise<EscposEmulator> {
  const host = options.host ?? '127.0.0.1';
  let state: EmulatorState = 'online';
  let answersStatus = true;
  let papers: Paper[] = [];
  let current: PaperItem[] = [];
  let kicks: DrawerKick[] = [];
  let held: Output[] = [];
  let requests: number[] = [];
  let unknowns: string[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const cutWaiters = new Set<() => void>();
  const kickWaiters = new Set<() => void>();

  const printable = (): boolean => state === 'online' || state === 'paperNearEnd';

  const apply = (output: Output): void => {
    if (output.type === 'item') {
      current.push(output.item);
      return;
    }
    if (output.type === 'kick') {
      kicks.push(output.kick);
      for (const waiter of kickWaiters) waiter();
      return;
    }
    papers.push(makePaper(current));
    current = [];
    for (const waiter of cutWaiters) waiter();
  };

  const statusByte = (n: number): number => {
    const stopped = state === 'offline' || state === 'coverOpen' || state === 'paperOut';
    switch (n) {
      case 1:
        return 0x12 | (stopped ? 0x08 : 0);
      case 2:
        return 0x12 | (state === 'coverOpen' ? 0x04 : 0) | (state === 'paperOut' ? 0x20 : 0);
      case 4:
        return 0x12 | (state === 'paperOut' ? 0x6c : state === 'paperNearEnd' ? 0x0c : 0);
      default:
        return 0x12;
    }
  };

  const onConnection = (socket: Socket): void => {
    connections++;
    sockets.add(socket);
    const parser = new StreamParser(
      (output) => (printable() ? apply(output) : held.push(output)),
      (n) => {
        requests.push(n);
        if (answersStatus) socket.write(Buffer.from([statusByte(n)]));
      },
      (what) => unknowns.push(what),
    );
    socket.on('data', (chunk) => parser.feed(chunk));
    socket.on('end', () => socket.end());
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };

  let server: Server = createServer(onConnection);
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });

  const port = await listen(options.port ?? 0);

  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  return {
    host,
    port,
    received: () => [...papers],
    uncut: () => makePaper(current),
    drawerKicks: () => [...kicks],
    statusRequests: () => [...requests],
    unknownCommands: () => [...unknowns],
    connectionCount: () => connections,

    waitForCut(count, timeoutMs) {
      return waitFor(cutWaiters, () => (papers.length >= count ? [...papers] : null), timeoutMs, () =>
        `emulator: ${papers.length} of ${count} cuts after ${timeoutMs} ms; uncut text: ${JSON.stringify(makePaper(current).text)}`,
      );
    },

    waitForDrawerKicks(count, timeoutMs) {
      return waitFor(kickWaiters, () => (kicks.length >= count ? [...kicks] : null), timeoutMs, () =>
        `emulator: ${kicks.length} of ${count} drawer kicks after ${timeoutMs} ms`,
      );
    },

    setState(next) {
      state = next;
      if (printable()) {
        const release = held;
        held = [];
        for (const output of release) apply(output);
      }
    },

    setAnswersStatus(answers) {
      answersStatus = answers;
    },

    clear() {
      papers = [];
      current = [];
      kicks = [];
      held = [];
      requests = [];
      unknowns = [];
    },

    close,

    async restart() {
      await close();
      server = createServer(onConnection);
      await listen(port);
    },
  };
}

/** Resolves when `ready` has a value, checked now and at each wake-up of `waiters`; rejects after the timeout. */
function waitFor<T>(waiters: Set<() => void>, ready: () => T | null, timeoutMs: number, failure: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const value = ready();
      if (value !== null) {
        cleanup();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(failure()));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      waiters.delete(check);
    };
    waiters.add(check);
    check();
  });
}
