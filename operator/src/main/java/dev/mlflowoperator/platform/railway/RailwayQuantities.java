package dev.mlflowoperator.platform.railway;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kubernetes quantities in Railway's units, which are decimal: vCPUs in cores, memory in GB (10^9 bytes) and
 * volume sizes in MB (10^6 bytes, so Railway's "5 GB" default is 5000 MB). Amounts round up, never below the spec.
 */
final class RailwayQuantities {
  /** Railway's limits are compared to a thousandth: a millicore, a megabyte. */
  static final double LIMIT_PRECISION = 0.0005;
  private static final BigDecimal GB = BigDecimal.valueOf(1_000_000_000L);
  private static final BigDecimal MB = BigDecimal.valueOf(1_000_000L);

  private RailwayQuantities() {}

  /** {@code 500m} -> 0.5, {@code 2} -> 2.0. */
  static double vCPUs(String cpu) {
    return Quantity.getAmountInBytes(new Quantity(cpu)).setScale(3, RoundingMode.CEILING).doubleValue();
  }

  /** {@code 2Gi} -> 2.148, {@code 512M} -> 0.512. */
  static double memoryGB(String memory) {
    return Quantity.getAmountInBytes(new Quantity(memory)).divide(GB, 3, RoundingMode.CEILING).doubleValue();
  }

  /** {@code 5Gi} -> 5369, {@code 10G} -> 10000. */
  static int sizeMB(String size) {
    return Quantity.getAmountInBytes(new Quantity(size)).divide(MB, 0, RoundingMode.CEILING).intValueExact();
  }

  /** Whether two limits are the same to Railway's precision. */
  static boolean same(double a, double b) {
    return Math.abs(a - b) < LIMIT_PRECISION;
  }
}
