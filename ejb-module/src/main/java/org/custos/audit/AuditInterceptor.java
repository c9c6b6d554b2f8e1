package org.custos.audit;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.custos.errors.Failure;
import org.custos.fhir.store.WriteResult;

/**
 * The one audit path: around every {@link Audited} service method — the FHIR store, exports, the admin services —
 * so the FHIR endpoint and the admin API are recorded alike. Outermost of the application's interceptors, it sees
 * what the scope and tenant checks refuse too. A success is recorded in the method's own transaction before its
 * result is returned, so no data leaves unrecorded; a refusal or failure is recorded in a transaction of its own
 * (the method's rolls back). Records of calls nested in one transaction (a transaction bundle's entries) are
 * written together when the outermost ends ({@link PendingRecords}). Whatever cannot be recorded fails with
 * {@link AuditUnavailable}.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 50)
public class AuditInterceptor {

    private static final int INTERNAL_ERROR = 500;
    private static final int NOT_FOUND = 404;

    @Inject
    AuditTrail trail;

    @Inject
    AuditWriter writer;

    @Inject
    AuditedCallers callers;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    AuditOffForBench bench;

    @Inject
    RequestOrigin origin;

    @AroundInvoke
    public Object record(InvocationContext invocation) throws Exception {
        if (bench.off()) {
            return invocation.proceed();
        }
        Audited audited = invocation.getMethod().isAnnotationPresent(Audited.class)
                ? invocation.getMethod().getAnnotation(Audited.class)
                : invocation.getMethod().getDeclaringClass().getAnnotation(Audited.class);
        String action = audited == null || audited.value().isEmpty() ? invocation.getMethod().getName()
                : audited.value();
        AuditedCall call = audited == null ? new AuditedCall("", -1, invocation.getParameters())
                : new AuditedCall(audited.target(), audited.idArgument(), invocation.getParameters());
        PendingRecords pending = pendingInThisTransaction();
        pending.enter();
        Object result;
        try {
            result = invocation.proceed();
        } catch (Exception refusedOrFailed) {
            origin.takeBreakGlassNote(); // what it saw does not leave
            if (pending.leave()) {
                pending.drain(); // the transaction rolls back: what its calls did did not happen
            }
            Failure failure = Failure.of(refusedOrFailed)
                    .orElse(new Failure(INTERNAL_ERROR, Failure.typeChain(refusedOrFailed)));
            AuditRecord refused = record(action, call, failure.status(), Optional.of(failure.message()));
            if (failure.status() == NOT_FOUND) {
                trail.recordNotFound(refused);
            } else {
                trail.recordAlone(refused);
            }
            throw refusedOrFailed;
        }
        call.resultWas(result);
        int success = audited == null ? 200 : audited.success();
        pending.add(record(action, call, result instanceof WriteResult written && written.created() ? 201 : success,
                origin.takeBreakGlassNote()));
        if (pending.leave()) {
            writer.write(pending.drain());
        }
        return result;
    }

    /** The transaction's pending records; outside a transaction, a fresh set written when this call ends. */
    private PendingRecords pendingInThisTransaction() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return new PendingRecords();
        }
        PendingRecords pending = (PendingRecords) transactions.getResource(PendingRecords.class);
        if (pending == null) {
            pending = new PendingRecords();
            transactions.putResource(PendingRecords.class, pending);
        }
        return pending;
    }

    private AuditRecord record(String action, AuditedCall call, int outcome, Optional<String> reason) {
        return AuditRecord.by(callers.current(), action, call.resourceType(), call.resourceId(),
                call.resourceVersion(), call.patients(), outcome, reason);
    }
}
