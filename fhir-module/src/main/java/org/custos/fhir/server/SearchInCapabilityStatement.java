package org.custos.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import org.custos.fhir.provider.AuditEventProvider;
import org.custos.fhir.search.SearchCapabilities;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * States in {@code /metadata} what the generic providers really do, which HAPI cannot see in them: every search
 * parameter the search answers (from the same list the search uses), includes and reverse includes, conditional
 * interactions and versioning.
 */
@Interceptor
public class SearchInCapabilityStatement {

    private final FhirContext fhirContext = FhirContexts.r4();

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void describeSearch(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                // AuditEvent is the audit trail's own read-only provider: HAPI describes it from its annotations.
                if (!AuditEventProvider.TYPE.equals(resource.getType())) {
                    describe(resource);
                }
            }
        }
    }

    private void describe(CapabilityStatementRestResourceComponent resource) {
        String type = resource.getType();
        resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE)
                .setReadHistory(true)
                .setUpdateCreate(true)
                .setConditionalCreate(true)
                .setConditionalUpdate(true)
                .setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED)
                .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.SINGLE);
        resource.getSearchParam().clear();
        resource.addSearchParam().setName("_id").setType(Enumerations.SearchParamType.TOKEN);
        resource.addSearchParam().setName("_lastUpdated").setType(Enumerations.SearchParamType.DATE);
        resource.getSearchInclude().clear();
        resource.getSearchRevInclude().clear();
        resource.addSearchInclude("*");
        for (RuntimeSearchParam param : SearchCapabilities.supportedParameters(fhirContext, type)) {
            if (param.getName().equals("_id") || param.getName().equals("_lastUpdated")) {
                continue;
            }
            resource.addSearchParam().setName(param.getName())
                    .setType(Enumerations.SearchParamType.fromCode(param.getParamType().getCode()))
                    .setDocumentation(param.getDescription());
            if (param.getParamType() == RestSearchParameterTypeEnum.REFERENCE) {
                resource.addSearchInclude(type + ":" + param.getName());
            }
        }
        for (String referring : fhirContext.getResourceTypes().stream().filter(name -> !AuditEventProvider.TYPE.equals(name))
                .sorted().toList()) {
            for (RuntimeSearchParam param : fhirContext.getResourceDefinition(referring).getSearchParams()) {
                if (param.getParamType() == RestSearchParameterTypeEnum.REFERENCE && param.getTargets().contains(type)) {
                    resource.addSearchRevInclude(referring + ":" + param.getName());
                }
            }
        }
    }
}
