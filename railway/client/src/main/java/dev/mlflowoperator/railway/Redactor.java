package dev.mlflowoperator.railway;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes out of a text what must not leave the process: the secret values it was given (as they are and as JSON
 * escapes them), the user and password of every URL, and all past {@value #MAX_LENGTH} characters. Immutable; apply
 * it where a text is stored or shown (status, logs, command output).
 */
public final class Redactor {
  /** The longest text {@link #apply} returns, before the marker saying how much was cut. */
  public static final int MAX_LENGTH = 1000;
  /** What a secret or a URL's user and password become. */
  public static final String MASK = "***";
  /** From {@code scheme://} to the last {@code @} of the same word: a URL's user and password. */
  private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)\\S*@");
  private static final Redactor NONE = new Redactor(List.of());

  /** The secrets and their JSON-escaped forms, longest first, so that no part of a longer one is left. */
  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Takes out URL credentials and length only. */
  public static Redactor none() {
    return NONE;
  }

  /** Also takes out each of {@code secrets}; null and blank ones are ignored. */
  public static Redactor of(Collection<String> secrets) {
    return NONE.with(secrets);
  }

  /** This redactor, also taking out each of {@code more}. */
  public Redactor with(Collection<String> more) {
    Set<String> all = new LinkedHashSet<>(secrets);
    for (String secret : more) {
      if (secret != null && !secret.isBlank()) {
        all.add(secret);
        all.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
      }
    }
    var sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(sorted));
  }

  /** {@code text} without the secrets and URL credentials, cut to {@value #MAX_LENGTH} characters; null stays null. */
  public String apply(String text) {
    return apply(text, MAX_LENGTH);
  }

  /** {@code text} without the secrets and URL credentials, cut to {@code max} characters; null stays null. */
  public String apply(String text, int max) {
    if (text == null) {
      return null;
    }
    String clean = text;
    for (String secret : secrets) {
      clean = clean.replace(secret, MASK);
    }
    return cut(withoutUserinfo(clean), max);
  }

  /** Every {@code scheme://user:password@host} in {@code text} as {@code scheme://***@host}. */
  public static String withoutUserinfo(String text) {
    return USERINFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
  }

  /** The first {@code max} characters of {@code text} and a marker saying how many more were cut. */
  public static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "… (" + (text.length() - end) + " more characters cut)";
  }
}
