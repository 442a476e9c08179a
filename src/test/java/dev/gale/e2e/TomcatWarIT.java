package dev.gale.e2e;

/** webapp.war in a real Apache Tomcat, started with {@code catalina.sh run}. */
class TomcatWarIT extends DeployedWarContract {
    @Override
    Distribution distribution() {
        return new TomcatDistribution(Artifacts.tomcatHome());
    }
}
