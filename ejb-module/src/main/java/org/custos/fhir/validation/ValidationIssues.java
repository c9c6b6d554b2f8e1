package org.custos.fhir.validation;

import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;

/** Validation errors as OperationOutcome issues: the path in {@code expression}, the rule, never the value. */
public final class ValidationIssues {

    private ValidationIssues() {
    }

    public static OperationOutcome addTo(OperationOutcome outcome, List<InvalidElement> errors) {
        for (InvalidElement error : errors) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.INVALID)
                    .setDiagnostics("Rule " + error.rule() + " failed at " + error.location())
                    .addExpression(error.location());
        }
        return outcome;
    }
}
