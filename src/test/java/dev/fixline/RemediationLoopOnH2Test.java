package dev.fixline;

import org.springframework.context.annotation.Import;

@ApplicationTest
@Import(RemediationLoopTest.Clocks.class)
class RemediationLoopOnH2Test extends RemediationLoopTest {
}
