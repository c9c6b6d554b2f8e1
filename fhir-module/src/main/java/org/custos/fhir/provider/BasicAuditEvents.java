package org.custos.fhir.provider;

import java.util.Date;
import java.util.Map;

import org.custos.audit.AuditEntry;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * An audit record as a FHIR {@code AuditEvent}, mapped following IHE Basic Audit Log Patterns (BALP): type
 * {@code rest} with the RESTful interaction as subtype, agents for the user (with roles and purpose of use), the
 * client and this server, and entities for every patient touched, the resource acted on and the request id
 * (BALP's transaction entity). Ids and codes only, as the record holds.
 */
final class BasicAuditEvents {

    static final String ACTION_SYSTEM = "urn:custos:audit-action";
    private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String PURPOSE = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    /** The FHIR RESTful interaction of each action of the FHIR store. */
    private static final Map<String, String> INTERACTIONS = Map.of("create", "create", "read", "read", "vread",
            "vread", "update", "update", "delete", "delete", "search", "search-type", "history", "history-instance",
            "transaction", "transaction", "batch", "batch");

    private BasicAuditEvents() {
    }

    static AuditEvent of(AuditEntry entry) {
        AuditEvent event = new AuditEvent();
        event.setId(Long.toString(entry.id()));
        boolean rest = entry.requestPath() != null && entry.requestPath().startsWith("/fhir");
        event.setType(rest ? new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest",
                "RESTful Operation") : "authentication-failure".equals(entry.action())
                ? new Coding(DCM, "110114", "User Authentication") : new Coding(DCM, "110100", "Application Activity"));
        if (rest) {
            event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction",
                    INTERACTIONS.getOrDefault(entry.action(), "operation"), null));
        }
        event.addSubtype(new Coding(ACTION_SYSTEM, entry.action(), null));
        event.setAction(action(entry.action()));
        event.setRecorded(Date.from(entry.recordedAt()));
        event.setOutcome(entry.outcome() < 400 ? AuditEventOutcome._0 : entry.outcome() < 500 ? AuditEventOutcome._4
                : AuditEventOutcome._8);
        event.setOutcomeDesc(entry.reason() != null ? entry.reason() : "HTTP " + entry.outcome());
        if (entry.purposeOfUse() != null) {
            event.addPurposeOfEvent(new CodeableConcept(new Coding(PURPOSE, entry.purposeOfUse(), null)));
        }
        agents(event, entry);
        event.getSource().setSite(entry.tenant()).getObserver().setDisplay("Custos FHIR server");
        event.getSource().addType(new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4",
                "Application Server"));
        entities(event, entry);
        return event;
    }

    private static AuditEventAction action(String action) {
        return switch (action) {
            case "create" -> AuditEventAction.C;
            case "read", "vread" -> AuditEventAction.R;
            case "update" -> AuditEventAction.U;
            case "delete" -> AuditEventAction.D;
            default -> AuditEventAction.E;
        };
    }

    private static void agents(AuditEvent event, AuditEntry entry) {
        boolean user = entry.actorSubject() != null;
        if (user) {
            AuditEventAgentComponent human = event.addAgent().setRequestor(true).setAltId(entry.actorUsername());
            human.setType(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user")));
            human.setWho(new Reference().setIdentifier(new Identifier().setSystem("urn:custos:user")
                    .setValue(entry.actorSubject())).setDisplay(entry.actorUsername()));
            if (entry.actorRoles() != null) {
                for (String role : entry.actorRoles().split(" ")) {
                    human.addRole(new CodeableConcept(new Coding("urn:custos:role", role, null)));
                }
            }
            if (entry.purposeOfUse() != null) {
                human.addPurposeOfUse(new CodeableConcept(new Coding(PURPOSE, entry.purposeOfUse(), null)));
            }
            network(human, entry);
        }
        if (entry.actorClient() != null && !entry.actorClient().isEmpty()) {
            AuditEventAgentComponent client = event.addAgent().setRequestor(!user);
            client.setType(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")));
            client.setWho(new Reference().setIdentifier(new Identifier().setSystem("urn:custos:client")
                    .setValue(entry.actorClient())));
            if (!user) {
                network(client, entry);
            }
        }
        AuditEventAgentComponent server = event.addAgent().setRequestor(false);
        server.setType(new CodeableConcept(new Coding(DCM, "110152", "Destination Role ID")));
        server.setWho(new Reference().setDisplay("Custos FHIR server"));
    }

    private static void network(AuditEventAgentComponent agent, AuditEntry entry) {
        if (entry.sourceIp() != null) {
            agent.getNetwork().setAddress(entry.sourceIp()).setType(AuditEventAgentNetworkType._2);
        }
    }

    private static void entities(AuditEvent event, AuditEntry entry) {
        for (String patient : entry.patientIds()) {
            event.addEntity().setWhat(new Reference("Patient/" + patient))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        if (entry.resourceType() != null) {
            AuditEventEntityComponent acted = event.addEntity().setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
            if (entry.resourceId() == null) {
                acted.setName(entry.resourceType());
            } else if (entry.requestPath() != null && entry.requestPath().startsWith("/fhir")) {
                acted.setWhat(new Reference(entry.resourceType() + "/" + entry.resourceId()
                        + (entry.resourceVersion() == null ? "" : "/_history/" + entry.resourceVersion())));
            } else {
                acted.setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:custos:"
                        + entry.resourceType()).setValue(entry.resourceId())).setDisplay(entry.resourceType()));
            }
        }
        if (entry.requestId() != null) {
            event.addEntity().setType(new Coding("https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType",
                    "XrequestId", "X-Request-Id")).setWhat(new Reference().setIdentifier(new Identifier()
                    .setValue(entry.requestId()))).setDescription(entry.requestMethod() + " " + entry.requestPath());
        }
    }
}
