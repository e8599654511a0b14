package dev.fixline.web;

import dev.fixline.ApplicationTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The SLA report on H2, in the context's own in-memory database. */
@ApplicationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
@Import(SlaReportTest.Clocks.class)
class SlaReportOnH2Test extends SlaReportTest {
}
