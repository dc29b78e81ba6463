import { KioskError } from '../../errors.ts';
import type { UsbPrinterInfo } from '../../../common/printing.ts';
import type { Transport } from './transport.ts';

/** The part of the `usb` package's WebUSB object this module uses. */
export interface UsbApi {
  getDevices(): Promise<USBDevice[]>;
}

export type LoadUsb = () => Promise<UsbApi>;

/**
 * Loaded on first use: the native binding is only needed when a USB printer is configured, and a binding that
 * fails to load must become USB_UNAVAILABLE, not a crash at start-up.
 */
export const loadNodeUsb: LoadUsb = async () => {
  const { usb } = await import('usb');
  // usb's WebUSB class implements the W3C interface; its own .d.ts names the device type differently.
  return usb as unknown as UsbApi;
};

const USB_PRINTER_CLASS = 7;

export interface UsbTransportOptions {
  vendorId: number;
  productId: number;
  /** Bytes per bulk transfer; small enough for any printer's receive buffer. */
  chunkSize?: number;
  /** Longest a single transfer may take before the job fails. */
  transferTimeoutMs?: number;
  loadUsb?: LoadUsb;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

async function devices(loadUsb: LoadUsb): Promise<USBDevice[]> {
  let api: UsbApi;
  try {
    api = await loadUsb();
  } catch (error) {
    throw new KioskError('USB_UNAVAILABLE', { params: { detail: String((error as Error).message ?? error) } });
  }
  try {
    return await api.getDevices();
  } catch (error) {
    // Seen on machines with no USB bus at all: "getDevices error: /sys/bus/usb/devices/ not found".
    throw new KioskError('USB_UNAVAILABLE', { params: { detail: String((error as Error).message ?? error) } });
  }
}

/** USB printers the machine can see, for the settings screen; empty when there is no USB at all. */
export async function listUsbPrinters(loadUsb: LoadUsb = loadNodeUsb): Promise<UsbPrinterInfo[]> {
  let found: USBDevice[];
  try {
    found = await devices(loadUsb);
  } catch {
    return [];
  }
  return found.map((device) => ({
    vendorId: device.vendorId,
    productId: device.productId,
    manufacturer: device.manufacturerName ?? null,
    product: device.productName ?? null,
    serialNumber: device.serialNumber ?? null,
    printerClass: (device.configurations ?? []).some((c) =>
      c.interfaces.some((i) => i.alternates.some((a) => a.interfaceClass === USB_PRINTER_CLASS)),
    ),
  }));
}

interface BulkOut {
  interfaceNumber: number;
  alternateSetting: number;
  endpointNumber: number;
}

/** The bulk OUT endpoint to write to, preferring an interface of the printer class. */
function findBulkOut(device: USBDevice): BulkOut | null {
  const candidates: (BulkOut & { printerClass: boolean })[] = [];
  for (const usbInterface of device.configuration?.interfaces ?? []) {
    for (const alternate of usbInterface.alternates) {
      const endpoint = alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
      if (endpoint) {
        candidates.push({
          interfaceNumber: usbInterface.interfaceNumber,
          alternateSetting: alternate.alternateSetting,
          endpointNumber: endpoint.endpointNumber,
          printerClass: alternate.interfaceClass === USB_PRINTER_CLASS,
        });
      }
    }
  }
  return candidates.find((c) => c.printerClass) ?? candidates[0] ?? null;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new KioskError('PRINTER_TIMEOUT')), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function createUsbTransport(options: UsbTransportOptions): Transport {
  const chunkSize = options.chunkSize ?? 4096;
  const transferTimeoutMs = options.transferTimeoutMs ?? 10_000;
  const loadUsb = options.loadUsb ?? loadNodeUsb;
  const target = `usb ${hex4(options.vendorId)}:${hex4(options.productId)}`;

  return {
    describe: () => target,

    async send(bytes) {
      const device = (await devices(loadUsb)).find(
        (d) => d.vendorId === options.vendorId && d.productId === options.productId,
      );
      if (!device) throw new KioskError('PRINTER_NOT_FOUND', { params: { target } });

      let claimed: BulkOut | null = null;
      try {
        try {
          await device.open();
          if (device.configuration === null) await device.selectConfiguration(1);
          const out = findBulkOut(device);
          if (out === null) throw new KioskError('PRINTER_NOT_FOUND', { params: { target, detail: 'no bulk OUT' } });
          await device.claimInterface(out.interfaceNumber);
          claimed = out;
          if (out.alternateSetting !== 0) await device.selectAlternateInterface(out.interfaceNumber, out.alternateSetting);
        } catch (error) {
          if (error instanceof KioskError) throw error;
          // Typically LIBUSB_ERROR_ACCESS (no permission) or LIBUSB_ERROR_BUSY (a driver or another app has it).
          throw new KioskError('PRINTER_OFFLINE', { params: { target, detail: String((error as Error).message) } });
        }

        const data = Buffer.from(bytes);
        for (let offset = 0; offset < data.length; offset += chunkSize) {
          const chunk = data.subarray(offset, offset + chunkSize);
          let result: USBOutTransferResult;
          try {
            result = await withTimeout(device.transferOut(claimed.endpointNumber, chunk), transferTimeoutMs);
          } catch (error) {
            if (error instanceof KioskError) throw error;
            throw new KioskError('PRINTER_OFFLINE', { params: { target, detail: String((error as Error).message) } });
          }
          if (result.status !== 'ok') {
            if (result.status === 'stall') await device.clearHalt('out', claimed.endpointNumber).catch(() => undefined);
            throw new KioskError('PRINTER_OFFLINE', { params: { target, detail: `transfer ${result.status}` } });
          }
        }
      } finally {
        if (claimed !== null) await device.releaseInterface(claimed.interfaceNumber).catch(() => undefined);
        if (device.opened) await device.close().catch(() => undefined);
      }
    },
  };
}
