package dev.mlflowoperator.railway;

/** The client's own failures, as {@link RailwayClient} throws them, for fixtures that stand in for Railway. */
public final class RailwayFailures {
  private RailwayFailures() {}

  /** A mutation answered with a 502 by Railway's edge: sent, outcome unknown. */
  public static RailwayException outcomeUnknown(GraphqlOperation operation) {
    return ErrorClassifier.fromHttp(operation, 502, null, "");
  }
}
