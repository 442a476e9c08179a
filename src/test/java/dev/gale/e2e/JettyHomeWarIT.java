package dev.gale.e2e;

/** webapp.war in a real jetty-home distribution, started with {@code java -jar start.jar}. */
class JettyHomeWarIT extends DeployedWarContract {
    @Override
    Distribution distribution() {
        return new JettyHomeDistribution(Artifacts.jettyHome());
    }
}
