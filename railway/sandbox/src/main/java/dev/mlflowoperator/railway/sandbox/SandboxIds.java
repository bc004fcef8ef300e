package dev.mlflowoperator.railway.sandbox;

import java.util.SplittableRandom;
import java.util.UUID;

/** UUID-like ids and random-looking names from the state's seed and sequence, so a reload resumes them. */
final class SandboxIds {
  private static final String[] ADJECTIVES = {
      "amber", "brave", "calm", "daring", "eager", "fancy", "gentle", "humble", "lively", "mellow",
      "noble", "plucky", "quiet", "rapid", "sturdy", "tidy", "vivid", "witty", "zesty", "bold"};
  private static final String[] NOUNS = {
      "badger", "canyon", "delta", "ember", "falcon", "glacier", "harbor", "island", "jungle", "lagoon",
      "meadow", "nebula", "orchard", "prairie", "quartz", "river", "summit", "tundra", "valley", "willow"};

  private final SandboxState state;

  SandboxIds(SandboxState state) {
    this.state = state;
  }

  String uuid() {
    SplittableRandom random = next();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  /** {@code length} lower-case hex digits. */
  String hex(int length) {
    SplittableRandom random = next();
    StringBuilder hex = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      hex.append(Character.forDigit(random.nextInt(16), 16));
    }
    return hex.toString();
  }

  /** A name like Railway's generated ones, e.g. {@code brave-falcon}. */
  String words() {
    SplittableRandom random = next();
    return ADJECTIVES[random.nextInt(ADJECTIVES.length)] + "-" + NOUNS[random.nextInt(NOUNS.length)];
  }

  private SplittableRandom next() {
    return new SplittableRandom(state.seed * 0x9E3779B97F4A7C15L + state.sequence++);
  }
}
