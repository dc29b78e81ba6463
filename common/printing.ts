import { z } from 'zod';
import { DEFAULT_IN_STORE_JAN_PREFIX, IN_STORE_JAN_PREFIXES } from './in-store-jan.ts';

/** The two printers a counter has. Reception slips go to the receipt printer. */
export type PrinterRole = 'receipt' | 'label';

export type PaperWidth = 80 | 58;

export interface ShopInfo {
  name: string;
  address: string;
  phone: string;
  /** 古物商許可番号, printed because the Antique Dealings Act asks buyers to identify themselves. */
  licenceNumber: string;
  /** 適格請求書発行事業者登録番号 (T + 13 digits), or '' when the shop has none. */
  invoiceNumber: string;
}

export interface ReceiptItem {
  name: string;
  quantity: number;
  /** Line amount in yen (unit price × quantity). */
  amount: number;
  cancelled: boolean;
}

export interface ReceiptData {
  shop: ShopInfo;
  receptionNumber: string;
  /** UTC ISO-8601. */
  settledAt: string;
  staffName: string;
  items: ReceiptItem[];
  itemsTotal: number;
  adjustmentAmount: number;
  totalAmount: number;
  paymentMethodLabel: string;
  pointsGranted: number | null;
  pointBalance: number | null;
  termsTitle: string | null;
  sellerName: string;
  /** set (UTC ISO-8601) when this receipt was printed before: the paper says 再発行 and when. */
  reprintedAt: string | null;
}

export interface LabelData {
  stockCode: string;
  /** P-07: the item's in-store JAN-13 (common/in-store-jan.ts); null only for items from before it existed. */
  janCode: string | null;
  name: string;
  grade: string;
  price: number;
  /** set when this item's label was printed before. */
  reprintedAt: string | null;
}

export interface SlipData {
  receptionNumber: string;
  /** UTC ISO-8601. */
  createdAt: string;
  customerName: string;
  itemCount: number;
  shopName: string;
  /** set when this slip was printed before. */
  reprintedAt: string | null;
}

export const transportSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('virtual') }),
  z.object({
    kind: z.literal('tcp'),
    host: z.string().trim().min(1),
    port: z.number().int().min(1).max(65_535).default(9100),
  }),
  z.object({
    kind: z.literal('usb'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
  }),
]);

const paperWidthSchema = z.union([z.literal(80), z.literal(58)]);

/**
 * ESC/POS counts drawer pulse times in units of 2 ms, one byte each (`ESC p m t1 t2`), so a time is an even number
 * of milliseconds from 2 to 510.
 */
const pulseMsSchema = z
  .number('validation.number')
  .int('validation.integer')
  .min(2, 'validation.drawerPulse')
  .max(510, 'validation.drawerPulse')
  .multipleOf(2, 'validation.drawerPulse');

/**
 * M-01: the cash drawer hangs on the receipt printer's DK port and opens on a pulse the printer sends. Drawers are
 * wired to connector pin 2 or pin 5; the pulse must be long enough for the drawer's solenoid (its maker says how long).
 */
export const drawerSettingsSchema = z.object({
  enabled: z.boolean(),
  pin: z.union([z.literal(2), z.literal(5)]),
  pulseOnMs: pulseMsSchema,
  pulseOffMs: pulseMsSchema,
});

/** EPSON's own example pulse (t1 = 25, t2 = 250): enough for the common 24 V drawers. */
export const defaultDrawerSettings: z.output<typeof drawerSettingsSchema> = { enabled: true, pin: 2, pulseOnMs: 50, pulseOffMs: 500 };

export const receiptPrinterSettingsSchema = z.object({
  enabled: z.boolean(),
  transport: transportSettingsSchema,
  paperWidth: paperWidthSchema,
  /** Print a second copy for the shop, with a line for the seller's signature. */
  shopCopy: z.boolean(),
  // Settings saved before the drawer existed read as the default drawer.
  drawer: drawerSettingsSchema.default(defaultDrawerSettings),
});

export const labelPrinterSettingsSchema = z.object({
  enabled: z.boolean(),
  transport: transportSettingsSchema,
  paperWidth: paperWidthSchema,
  symbology: z.enum(['code128', 'jan13']),
  /** The in-store JAN prefix (20–29) new stock codes get; a shop picks one its POS does not use for other codes. */
  janPrefix: z.enum(IN_STORE_JAN_PREFIXES).default(DEFAULT_IN_STORE_JAN_PREFIX),
});

export const printerSettingsSchema = z.object({
  receipt: receiptPrinterSettingsSchema,
  label: labelPrinterSettingsSchema,
});

export type TransportSettings = z.output<typeof transportSettingsSchema>;
export type ReceiptPrinterSettings = z.output<typeof receiptPrinterSettingsSchema>;
export type DrawerSettings = z.output<typeof drawerSettingsSchema>;
export type LabelPrinterSettings = z.output<typeof labelPrinterSettingsSchema>;
export type PrinterSettings = z.output<typeof printerSettingsSchema>;
export type LabelSymbology = LabelPrinterSettings['symbology'];

/** A new install prints to the virtual printer so the app works on a PC without one (B-07). */
export const defaultPrinterSettings: PrinterSettings = {
  receipt: { enabled: true, transport: { kind: 'virtual' }, paperWidth: 80, shopCopy: false, drawer: defaultDrawerSettings },
  label: { enabled: true, transport: { kind: 'virtual' }, paperWidth: 58, symbology: 'code128', janPrefix: DEFAULT_IN_STORE_JAN_PREFIX },
};

/**
 * `drawer`: a drawer kick (M-01) travels the receipt printer's queue like a print and fails like one.
 * `till_report`: the till's close report (M-07), on the receipt printer.
 */
export type PrintJobKind = 'receipt' | 'label' | 'slip' | 'test' | 'drawer' | 'till_report';
/** `retrying`: a receipt that failed and will be tried again by itself shortly (S-16). */
export type PrintJobStatus = 'queued' | 'printing' | 'retrying' | 'done' | 'failed';

export interface PrintJob {
  id: string;
  printer: PrinterRole;
  kind: PrintJobKind;
  status: PrintJobStatus;
  error: { code: string; message: string } | null;
  /** UTC ISO-8601. */
  createdAt: string;
  /** UTC ISO-8601 of the last status change. */
  updatedAt: string;
  description: string;
  /** Where the bytes went (or will go), e.g. `tcp 192.168.1.50:9100`. */
  target: string;
  attempts: number;
}

/** What a printer said about itself; fields are false when it cannot tell. */
export interface PrinterHealth {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
}

export interface UsbPrinterInfo {
  vendorId: number;
  productId: number;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  /** True when the device declares the USB printer class; many ESC/POS printers declare vendor-specific instead. */
  printerClass: boolean;
}
