package org.custos.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one transaction's audited calls, written together when its outermost audited call ends — still
 * inside the transaction and before that call's result is returned. A FHIR transaction bundle thus writes its
 * entries' records in one batch instead of one statement each.
 */
final class PendingRecords {

    private final List<AuditRecord> records = new ArrayList<>();
    private int depth;

    void enter() {
        depth++;
    }

    /** @return whether the call that left was the outermost */
    boolean leave() {
        depth--;
        return depth == 0;
    }

    void add(AuditRecord record) {
        records.add(record);
    }

    List<AuditRecord> drain() {
        List<AuditRecord> drained = List.copyOf(records);
        records.clear();
        return drained;
    }
}
