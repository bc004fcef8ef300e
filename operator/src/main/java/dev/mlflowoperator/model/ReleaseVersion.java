package dev.mlflowoperator.model;

import java.util.regex.Pattern;

/** A major.minor[.patch] release number, comparable, for version-dependent behaviour. */
public record ReleaseVersion(int major, int minor, int patch) implements Comparable<ReleaseVersion> {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /** Parses "3.14.0" or "2.11"; throws IllegalArgumentException for anything else. */
  public static ReleaseVersion parse(String text) {
    var m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a release number: '" + text + "'");
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return new ReleaseVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
  }

  public boolean atLeast(int major, int minor) {
    return compareTo(new ReleaseVersion(major, minor, 0)) >= 0;
  }

  @Override
  public int compareTo(ReleaseVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c == 0 ? Integer.compare(patch, o.patch) : c;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
