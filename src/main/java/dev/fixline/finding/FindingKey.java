package dev.fixline.finding;

/** What an owner fixes: one vulnerability in one package of one repository. */
public record FindingKey(String registryHost, String repository, String vulnerabilityId, String packageName) {

    @Override
    public String toString() {
        return vulnerabilityId + " in " + packageName + " — " + registryHost + "/" + repository;
    }
}
