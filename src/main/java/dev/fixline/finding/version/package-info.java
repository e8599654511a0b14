/**
 * Package version orderings, one per ecosystem, behind {@link dev.fixline.finding.version.Versions}.
 *
 * <p>Where a library on Maven Central implements an ordering exactly, it is used rather than written
 * again:
 * <ul>
 *   <li>{@code maven}: {@code org.apache.maven.artifact.versioning.ComparableVersion} from
 *       {@code org.apache.maven:maven-artifact}, Maven's own implementation ({@code MavenOrdering}).</li>
 * </ul>
 *
 * <p>Written here, because no such library exists on Maven Central, each following its reference
 * implementation and tested with that implementation's own test vectors:
 * <ul>
 *   <li>{@code dpkg}: Debian Policy §5.6.12, dpkg's {@code lib/dpkg/version.c} ({@code DpkgOrdering});</li>
 *   <li>{@code rpm}: rpm's {@code rpmio/rpmvercmp.c}, with epoch and release ({@code RpmOrdering});</li>
 *   <li>{@code apk}: apk-tools 3's {@code src/version.c} with apk-tools 2's number after the letter, and no
 *       answer where apk-tools 2 orders a pair the other way ({@code ApkOrdering});</li>
 *   <li>{@code semver}, {@code npm}, {@code go}: SemVer 2.0.0 §11, a leading {@code v} accepted for npm
 *       and go ({@code SemverOrdering});</li>
 *   <li>{@code pypi}: PEP 440 as pypa/packaging implements it ({@code Pep440Ordering});</li>
 *   <li>{@code nuget}: NuGet.Versioning's {@code VersionComparer.Default} ({@code NugetOrdering}).</li>
 * </ul>
 *
 * <p>An ordering answers "not comparable" for input it does not accept, or where the reference implementations
 * in use disagree, and never throws: a wrong
 * answer would close a case that is still vulnerable, or keep a fixed one open past its SLA.
 */
package dev.fixline.finding.version;
