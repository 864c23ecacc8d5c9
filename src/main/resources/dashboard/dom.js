// Item names, errors and every other value come from the database: they go into the page only as
// text (textContent), never as markup.

// Appends a cell with the text to the row.
export function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

// A cell for long text (an error): two lines at most, the whole text on hover.
export function longCell(row, text, className) {
  const td = cell(row, "", className);
  if (text) {
    const div = document.createElement("div");
    div.className = "clamp";
    div.textContent = text;
    td.title = text;
    td.appendChild(div);
  }
  return td;
}
