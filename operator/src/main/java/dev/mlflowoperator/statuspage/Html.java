package dev.mlflowoperator.statuspage;

/** Escapes text for an HTML element's content or a quoted attribute value. */
final class Html {
  private Html() {}

  /** {@code text} with {@code & < > " '} as character references; null as the empty string. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    var out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
