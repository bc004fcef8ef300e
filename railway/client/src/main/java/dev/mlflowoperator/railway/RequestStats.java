package dev.mlflowoperator.railway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the HTTP requests sent to Railway per GraphQL operation name, retries included. */
public final class RequestStats {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts one request of {@code operationName}; the client counts what it sends, the sandbox what it receives. */
  public void record(String operationName) {
    counts.computeIfAbsent(operationName, name -> new LongAdder()).increment();
  }

  public long count(String operationName) {
    LongAdder adder = counts.get(operationName);
    return adder == null ? 0 : adder.sum();
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Requests so far by operation name, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((name, adder) -> copy.put(name, adder.sum()));
    return copy;
  }
}
