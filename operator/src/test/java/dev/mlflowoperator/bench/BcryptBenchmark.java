package dev.mlflowoperator.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.mlflowoperator.secrets.CredentialsGenerator;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The CPU time of one bcrypt hash at the operator's cost ({@link CredentialsGenerator#BCRYPT_COST}) of a generated
 * password, with the library the operator uses (at.favre.lib bcrypt) and with Bouncy Castle's {@code OpenBSDBCrypt}
 * (on the test classpath through the mock API server), taken in turns so that both meet the same load; each hash is
 * checked with the operator's verifier. Thread CPU time, not wall time, so other processes on the machine do not
 * count. Run: {@code mvn -B -pl operator -am -Pbench -DskipTests verify}.
 */
public final class BcryptBenchmark {
  private static final int WARM_UP = 10;
  private static final int MEASURED = 40;

  private BcryptBenchmark() {}

  public static void main(String[] args) {
    var random = new SecureRandom();
    String password = new CredentialsGenerator().generatePassword();
    var hashers = new LinkedHashMap<String, UnaryOperator<String>>();
    hashers.put("at.favre.lib bcrypt 0.10.2 (used)", new CredentialsGenerator()::hash);
    hashers.put("Bouncy Castle OpenBSDBCrypt", p -> {
      byte[] salt = new byte[16];
      random.nextBytes(salt);
      return OpenBSDBCrypt.generate("2a", p.toCharArray(), salt, CredentialsGenerator.BCRYPT_COST);
    });
    var times = new LinkedHashMap<String, List<Long>>();
    hashers.keySet().forEach(name -> times.put(name, new ArrayList<>()));
    var threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < WARM_UP + MEASURED; round++) {
      for (var hasher : hashers.entrySet()) {
        long start = threads.getCurrentThreadCpuTime();
        String hash = hasher.getValue().apply(password);
        long cpu = threads.getCurrentThreadCpuTime() - start;
        if (!hash.startsWith("$2a$" + CredentialsGenerator.BCRYPT_COST + "$") || !BCrypt.verifyer()
            .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified) {
          throw new IllegalStateException(hasher.getKey() + " made a hash the operator's verifier refuses");
        }
        if (round >= WARM_UP) {
          times.get(hasher.getKey()).add(cpu);
        }
      }
    }
    System.out.printf("%-36s %16s %12s%n", "bcrypt, cost " + CredentialsGenerator.BCRYPT_COST, "CPU ms/hash, median",
        "min");
    for (Map.Entry<String, List<Long>> entry : times.entrySet()) {
      var sorted = new ArrayList<>(entry.getValue());
      Collections.sort(sorted);
      System.out.printf("%-36s %19.1f %12.1f%n", entry.getKey(), sorted.get(sorted.size() / 2) / 1e6,
          sorted.get(0) / 1e6);
    }
  }
}
