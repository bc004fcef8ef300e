package dev.mlflowoperator.cli;

import dev.mlflowoperator.api.v1alpha1.Patterns;
import dev.mlflowoperator.validation.Expectations;
import picocli.CommandLine;

/**
 * Accepts a deployment name or namespace on the command line only when it follows the API's rule (a DNS label), so
 * that it can never become a path such as {@code ../x} under MLFLOWCTL_HOME; anything else is wrong usage.
 */
abstract class DnsLabelConverter implements CommandLine.ITypeConverter<String> {
  private final String what;
  private final String pattern;

  private DnsLabelConverter(String what, String pattern) {
    this.what = what;
    this.pattern = pattern;
  }

  @Override
  public String convert(String value) {
    if (!value.matches(pattern)) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not " + what + "; expected " + Expectations.forPattern(pattern));
    }
    return value;
  }

  /** A NAME argument: the rule of metadata.name. */
  static final class Name extends DnsLabelConverter {
    Name() {
      super("a deployment name", Patterns.RESOURCE_NAME);
    }
  }

  /** A -n argument: the rule of metadata.namespace. */
  static final class Namespace extends DnsLabelConverter {
    Namespace() {
      super("a namespace", Patterns.NAMESPACE);
    }
  }
}
