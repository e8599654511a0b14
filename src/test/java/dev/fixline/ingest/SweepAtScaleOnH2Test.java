package dev.fixline.ingest;

import dev.fixline.ApplicationTest;

/** {@link SweepAtScale} in the shared context, on H2. */
@ApplicationTest
class SweepAtScaleOnH2Test extends SweepAtScale {
}
