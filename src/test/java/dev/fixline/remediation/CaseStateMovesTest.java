package dev.fixline.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fixline.ApplicationTest;
import dev.fixline.finding.ClosureRef;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The case's moves in the database: each only from where it may, a repeat does nothing, the rest refused. */
@ApplicationTest
class CaseStateMovesTest {

    static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");

    @Autowired CaseRepository cases;
    @Autowired JdbcTemplate jdbc;

    @Test
    void aCaseMovesAlongItsLifecycleAndAClosedCaseRefusesToMove() {
        String id = caseIn(CaseState.PENDING);

        assertThat(cases.move(id, CaseTransition.OPEN)).isTrue();
        assertThat(cases.move(id, CaseTransition.OPEN)).as("a second start (another node) does nothing").isFalse();
        assertThat(cases.move(id, CaseTransition.AWAIT_VERIFICATION)).isTrue();
        assertThat(cases.move(id, CaseTransition.AWAIT_VERIFICATION)).as("a step run again").isFalse();
        assertThat(cases.move(id, CaseTransition.RETURN_TO_OWNER)).isTrue();
        assertThat(cases.close(id, "FIXED", null, NOW)).isTrue();
        assertThat(cases.close(id, "GONE", new ClosureRef("a-later-closure", NOW), NOW.plusSeconds(60)))
                .as("closed once, with the first resolution").isFalse();

        assertThatThrownBy(() -> cases.move(id, CaseTransition.AWAIT_VERIFICATION))
                .isInstanceOf(IllegalCaseTransitionException.class)
                .hasMessage("Case " + id + " is CLOSED; it cannot await verification (only from [OPEN])");
        assertThatThrownBy(() -> cases.move(id, CaseTransition.RETURN_TO_OWNER))
                .isInstanceOf(IllegalCaseTransitionException.class);
        CaseView closed = cases.find(id, NOW).orElseThrow();
        assertThat(closed.state()).isEqualTo(CaseState.CLOSED);
        assertThat(closed.resolution()).isEqualTo("FIXED");
        assertThat(closed.closedAt()).isEqualTo(NOW);
    }

    @Test
    void aPendingCaseCannotAwaitVerificationAndAMoveToWhereACaseIsChangesNothing() {
        String open = caseIn(CaseState.OPEN);
        assertThat(cases.move(open, CaseTransition.RETURN_TO_OWNER)).as("already the owner's").isFalse();
        String pending = caseIn(CaseState.PENDING);
        assertThatThrownBy(() -> cases.move(pending, CaseTransition.AWAIT_VERIFICATION))
                .isInstanceOf(IllegalCaseTransitionException.class).hasMessageContaining("is PENDING");
        assertThat(cases.find(pending, NOW).orElseThrow().state()).isEqualTo(CaseState.PENDING);
        jdbc.update("DELETE FROM remediation_case WHERE id IN (?, ?)", open, pending);
    }

    /** A case row of a registry no other test uses, with no process: the dispatcher is off in tests. */
    private String caseIn(CaseState state) {
        String id = UUID.randomUUID().toString();
        jdbc.update("""
                INSERT INTO remediation_case (id, state, severity, registry_host, repository, vulnerability_id,
                  package_name, first_detected_at, opened_at) VALUES (?, ?, 'HIGH', 'moves.azurecr.io', 'shop/cart',
                  'CVE-2024-6387', 'openssh-server', ?, ?)""", id, state.name(),
                OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC), OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
        return id;
    }
}
