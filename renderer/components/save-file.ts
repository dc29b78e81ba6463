/** Hands a file made by the main process (CSV) to the browser's download, as the user's Downloads folder expects. */
export function saveTextFile(file: { filename: string; content: string }, type = 'text/csv;charset=utf-8'): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([file.content], { type }));
  link.download = file.filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
