package dev.mlflowoperator.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Columns aligned with two spaces, kubectl style; status columns are coloured after the padding is worked out. */
final class TextTable {
  private final List<List<String>> rows = new ArrayList<>();
  private final Set<String> statusColumns;

  /** A table with these headers; cells under the headers named in {@code statusColumns} are coloured as statuses. */
  TextTable(List<String> headers, Set<String> statusColumns) {
    rows.add(headers);
    this.statusColumns = statusColumns;
  }

  TextTable row(List<String> cells) {
    rows.add(cells);
    return this;
  }

  /** The header and the rows, each line starting with {@code indent} and ending in a newline. */
  String render(String indent, Colors colors) {
    List<String> headers = rows.get(0);
    int[] widths = new int[headers.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    var text = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      var line = new StringBuilder(indent);
      List<String> row = rows.get(r);
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        boolean last = i == row.size() - 1;
        line.append(r > 0 && statusColumns.contains(headers.get(i)) ? colors.status(cell) : cell);
        if (!last) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
