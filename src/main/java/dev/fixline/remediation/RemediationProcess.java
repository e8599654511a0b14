package dev.fixline.remediation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The words code shares with {@code processes/remediation.bpmn}: its key, the messages it waits for,
 * the variables it reads, and the activities code refers to. Code uses these, never the strings, and
 * {@code RemediationProcessVocabularyTest} checks each against the file, so a rename in the file breaks
 * the build instead of a running case.
 */
public final class RemediationProcess {

    public static final String KEY = "remediation";

    private RemediationProcess() {
    }

    /** The messages the process waits for. */
    public enum Message {
        FINDING_FIXED("FindingFixed"),
        FINDING_GONE("FindingGone"),
        SLA_CHANGED("SlaChanged"),
        /** A complete sweep after the owner's claim still shows the finding. */
        FIX_REFUTED("FixRefuted"),
        EXCEPTION_REVOKED("ExceptionRevoked"),
        /** A request while an approved exception runs: to extend it. */
        EXTENSION_REQUESTED("ExtensionRequested"),
        /** Reassigned in Fixline: the new owner's mail and the ticket's assignee follow. */
        REASSIGNED("Reassigned");

        private final String messageName;

        Message(String messageName) {
            this.messageName = messageName;
        }

        public String messageName() {
            return messageName;
        }
    }

    /** The activities code refers to, by their id in the file. */
    public enum Activity {
        REMEDIATE("Task_Remediate"),
        DECIDE_EXCEPTION("Task_DecideException"),
        DECIDE_FALSE_POSITIVE("Task_DecideFalsePositive"),
        /** The decision on a request to extend a running exception (the event subprocess "Extension requested"). */
        DECIDE_EXTENSION("Task_DecideExtension"),
        /** The wait that carries the SLA timers, beside the owner's work. */
        SLA_CLOCK("Task_SlaClock"),
        /** Where a case waits while an approved exception runs. */
        EXCEPTION_RUNS("Gateway_ExceptionWait"),
        EXCEPTION_EXPIRES("Timer_ExceptionExpires"),
        // the timers of the SLA clock, and the rescan's
        REMINDER("Timer_Reminder"),
        HALFWAY("Timer_ReminderHalfway"),
        SLA_DUE("Timer_SlaBreach"),
        STILL_OVERDUE("Timer_Level2"),
        EVERY_BREACH_CYCLE("Timer_BreachRepeat"),
        VERIFICATION_TIMEOUT("Timer_VerificationTimeout"),
        // the steps that mail someone
        NOTIFY_OWNER("Task_NotifyOwner"),
        SEND_REMINDER("Task_SendReminder"),
        SEND_HALFWAY_REMINDER("Task_SendHalfwayReminder"),
        ESCALATE_TO_MANAGER("Task_EscalateToManager"),
        ESCALATE_LEVEL2("Task_EscalateLevel2"),
        REPEAT_BREACH_NOTICE("Task_RepeatBreachNotice"),
        VERIFICATION_FAILED("Task_VerificationFailed"),
        NOTIFY_FIXED("Task_NotifyFixed"),
        NOTIFY_GONE("Task_NotifyGone"),
        MAIL_EXCEPTION_REQUEST("Task_MailExceptionRequest"),
        MAIL_EXCEPTION_DECISION("Task_MailExceptionDecision"),
        MAIL_EXTENSION_REQUEST("Task_MailExtensionRequest"),
        MAIL_EXTENSION_DECISION("Task_MailExtensionDecision"),
        NOTIFY_EXCEPTION_ENDED("Task_NotifyExceptionEnded"),
        MAIL_FALSE_POSITIVE_CLAIM("Task_MailFalsePositiveClaim"),
        MAIL_FALSE_POSITIVE_REJECTED("Task_MailFalsePositiveRejected"),
        NOTIFY_REASSIGNED("Task_NotifyReassigned"),
        NOTIFY_FALSE_POSITIVE("Task_NotifyFalsePositive"),
        // the steps that touch the ticket
        OPEN_TICKET("Task_OpenTicket"),
        TICKET_REMINDER("Task_TicketReminder"),
        TICKET_HALFWAY("Task_TicketHalfway"),
        TICKET_BREACH("Task_TicketBreach"),
        TICKET_ESCALATION("Task_TicketEscalation"),
        TICKET_BREACH_REPEATED("Task_TicketBreachRepeated"),
        TICKET_VERIFICATION_FAILED("Task_TicketVerificationFailed"),
        TICKET_SLA_CHANGED("Task_TicketSlaChanged"),
        TICKET_CLOSE_FIXED("Task_TicketCloseFixed"),
        TICKET_CLOSE_GONE("Task_TicketCloseGone"),
        TICKET_EXCEPTION_DECISION("Task_TicketExceptionDecision"),
        TICKET_EXCEPTION_ENDED("Task_TicketExceptionEnded"),
        TICKET_REASSIGNED("Task_TicketReassigned"),
        TICKET_CLOSE_FALSE_POSITIVE("Task_TicketCloseFalsePositive");

        /** The steps that send mail: an SMTP outage holds these up. */
        public static final Set<Activity> MAIL_STEPS = EnumSet.range(NOTIFY_OWNER, NOTIFY_FALSE_POSITIVE);
        /** The steps that call the ticket tracker: a tracker outage holds these up. */
        public static final Set<Activity> TICKET_STEPS = EnumSet.range(OPEN_TICKET, TICKET_CLOSE_FALSE_POSITIVE);
        /** The reminders, which are dropped when they would not come before the due date. */
        public static final Set<Activity> REMINDERS = EnumSet.of(REMINDER, HALFWAY);

        private final String id;

        Activity(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The ids of some activities, in their order here. */
        public static List<String> ids(Set<Activity> activities) {
            return activities.stream().map(Activity::id).toList();
        }
    }

    /** The process variables code reads or sets, by name. */
    public static final class Variable {
        public static final String CASE_ID = "caseId";
        public static final String OWNER = "owner";
        public static final String TEAM = "team";
        public static final String MANAGER = "manager";
        public static final String REMIND_AT = "remindAt";
        public static final String HALFWAY_AT = "halfwayAt";
        public static final String ESCALATE_AT = "escalateAt";
        public static final String BREACH_NOTICE_CYCLE = "breachNoticeCycle";
        public static final String ESCALATION_CHAIN = "escalationChain";
        public static final String DUE_AT = "dueAt";
        public static final String VERIFICATION_TIMEOUT = "verificationTimeout";
        public static final String VERIFICATION_FAILURES = "verificationFailures";
        /** Which closure of the finding closes the case ({@code <finding id>@<closure time>}). */
        public static final String CLOSURE = "closure";
        public static final String SLA_CHANGE_REASON = "slaChangeReason";
        public static final String TICKET_PROJECT = "ticketProject";
        /** How many repeated overdue notices the case has had; and, on each notice's branch, its number. */
        public static final String BREACH_NOTICES = "breachNotices";
        public static final String BREACH_NOTICE = "breachNotice";
        /**
         * What the owner did with the task: {@code FIXED} (also a plain completion), {@code EXCEPTION} or
         * {@code FALSE_POSITIVE}.
         */
        public static final String OWNER_ACTION = "ownerAction";
        /** What the rescan that refuted a claimed fix shows (digest, installed and fixed version). */
        public static final String RESCAN = "rescan";
        /** Why the last claimed fix went back to the owner, for the ticket's comment. */
        public static final String VERIFICATION_OUTCOME = "verificationOutcome";
        /** The exception asked for or running ({@code case_exception.id}). */
        public static final String EXCEPTION_ID = "exceptionId";
        public static final String EXCEPTION_APPROVERS = "exceptionApprovers";
        public static final String EXCEPTION_APPROVED = "exceptionApproved";
        public static final String EXCEPTION_REASON = "exceptionReason";
        public static final String EXCEPTION_DECIDED_BY = "exceptionDecidedBy";
        public static final String EXCEPTION_EXPIRES_AT = "exceptionExpiresAt";
        /** How a running exception ended: {@code expired} or the revocation's reason. */
        public static final String EXCEPTION_END = "exceptionEnd";
        public static final String SLA_PAUSED = "slaPaused";

        private Variable() {
        }
    }
}
