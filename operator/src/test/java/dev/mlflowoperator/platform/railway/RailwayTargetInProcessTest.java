package dev.mlflowoperator.platform.railway;

/** The Railway target contract against the sandbox in-process. */
class RailwayTargetInProcessTest extends RailwayTargetContract {
  @Override
  RailwayStackHarness start() {
    return RailwayStackHarness.inProcess();
  }
}
