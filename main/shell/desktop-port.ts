// What only a desktop shell can do, handed to the core by main/index.ts (Electron). The browser host passes none,
// and each handler says what the renderer should do instead. No electron import.
import type { UpdateStatus } from '../../preload/types.ts';

export interface UpdatePort {
  /** The downloaded update, or null. */
  status(): UpdateStatus | null;
  /** Quits and runs the installer now (a manager pressed "install"; the installer may ask for administrator rights). */
  install(): void;
}

export interface DesktopPort {
  update?: UpdatePort;
}
