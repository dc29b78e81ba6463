/** The kiosk database's file name inside the data folder. */
export const DATABASE_FILE = 'kiosk.sqlite3';
