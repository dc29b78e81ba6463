// A sync worker entry that ends without an 'error' event (process.exit inside a worker thread ends only the thread),
// as an out-of-memory kill or a stray exit would: KioskSync must restart it all the same.
process.exit(3);
