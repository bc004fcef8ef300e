package dev.mlflowoperator.standalone;

import java.util.regex.Pattern;

/** Removes the user name and password ({@code user:token@}) from every URL in a text, so a message never shows them. */
public final class UrlUserinfo {
  private static final Pattern USERINFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\\s]*@");

  private UrlUserinfo() {}

  /** {@code text} with {@code scheme://user:password@host} written as {@code scheme://host}. */
  public static String scrub(String text) {
    return text == null ? null : USERINFO.matcher(text).replaceAll("$1");
  }
}
