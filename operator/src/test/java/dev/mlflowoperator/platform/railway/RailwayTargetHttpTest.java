package dev.mlflowoperator.platform.railway;

/** The Railway target contract against the sandbox over HTTP, through the real RailwayClient. */
class RailwayTargetHttpTest extends RailwayTargetContract {
  @Override
  RailwayStackHarness start() {
    return RailwayStackHarness.overHttp();
  }
}
