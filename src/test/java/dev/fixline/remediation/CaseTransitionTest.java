package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The moves a case may make, on the enum alone; {@code CaseLifecycleTest} shows them refused in the database. */
class CaseTransitionTest {

    @Test
    void aCaseMovesOnlyAlongItsLifecycle() {
        assertThat(allowed(CaseState.PENDING)).containsExactlyInAnyOrder(CaseTransition.OPEN, CaseTransition.CLOSE);
        assertThat(allowed(CaseState.OPEN)).containsExactlyInAnyOrder(CaseTransition.AWAIT_VERIFICATION,
                CaseTransition.PAUSE, CaseTransition.CLOSE);
        assertThat(allowed(CaseState.EXCEPTION)).as("an exception ends, or a rescan closes the case")
                .containsExactlyInAnyOrder(CaseTransition.RESUME, CaseTransition.CLOSE);
        assertThat(allowed(CaseState.AWAITING_VERIFICATION)).containsExactlyInAnyOrder(
                CaseTransition.RETURN_TO_OWNER, CaseTransition.CLOSE);
        assertThat(allowed(CaseState.CLOSED)).as("closed is final: a regression opens a new case").isEmpty();
    }

    @Test
    void theRefusalNamesTheCaseItsStateAndTheMove() {
        assertThat(new IllegalCaseTransitionException("c-1", CaseState.CLOSED, CaseTransition.AWAIT_VERIFICATION))
                .hasMessage("Case c-1 is CLOSED; it cannot await verification (only from [OPEN])");
    }

    private static EnumSet<CaseTransition> allowed(CaseState state) {
        EnumSet<CaseTransition> allowed = EnumSet.noneOf(CaseTransition.class);
        for (CaseTransition t : CaseTransition.values()) {
            if (t.allowedFrom(state)) {
                allowed.add(t);
            }
        }
        return allowed;
    }
}
