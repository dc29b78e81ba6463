// A sync worker entry that dies at once, standing in for a worker that hit a bug: KioskSync must restart it.
throw new Error('worker bug for the restart test');
