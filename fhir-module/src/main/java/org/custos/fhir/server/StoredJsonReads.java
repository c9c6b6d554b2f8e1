package org.custos.fhir.server;

import java.io.IOException;
import java.io.Writer;
import java.util.Date;
import java.util.Optional;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IRestfulResponse;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.RestfulServerUtils.ResponseEncoding;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.custos.fhir.provider.AuditEventProvider;
import ca.uhn.fhir.util.DateUtils;
import org.custos.fhir.provider.VersionIds;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.fhir.store.StoredJson;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Answers a plain JSON read or vread with the stored JSON, skipping the parse and re-encode that dominate a read's
 * cost. The stored JSON is what HAPI would write byte for byte (it was encoded by HAPI with id and meta set), so
 * only requests HAPI would answer with exactly that take this path: no query parameters ({@code _format},
 * {@code _pretty}, {@code _summary}, {@code _elements} change the output), no conditional headers (HAPI answers
 * those with 304), compact JSON negotiated, and not {@code Binary} (served as raw content). Everything else goes
 * the normal way. The store call is the same EJB boundary as the provider's, so authorization, tenancy and every
 * later check apply unchanged; its failures leave through {@link OperationOutcomeErrors} as on the normal path.
 */
@Interceptor
public class StoredJsonReads {

    private final FhirResourceStore store;

    public StoredJsonReads(FhirResourceStore store) {
        this.store = store;
    }

    /** @return false when the response has been written here, true to let HAPI handle the request */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean answerFromStoredJson(ServletRequestDetails request) throws IOException {
        Optional<ResponseEncoding> encoding = plainJson(request);
        if (encoding.isEmpty()) {
            return true;
        }
        IIdType id = request.getId();
        Optional<Long> version = VersionIds.of(id);
        StoredJson stored = version.isPresent()
                ? store.vreadJson(request.getResourceName(), id.getIdPart(), version.get())
                : store.readJson(request.getResourceName(), id.getIdPart());
        write(request, encoding.get(), stored);
        return false;
    }

    private static Optional<ResponseEncoding> plainJson(ServletRequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        boolean plainRead = (operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD)
                && request.getParameters().isEmpty()
                && !"Binary".equals(request.getResourceName())
                && !AuditEventProvider.TYPE.equals(request.getResourceName())
                && request.getHeader(Constants.HEADER_IF_NONE_MATCH) == null
                && request.getHeader(Constants.HEADER_IF_MODIFIED_SINCE) == null
                && !RestfulServerUtils.prettyPrintResponse(request.getServer(), request);
        if (!plainRead) {
            return Optional.empty();
        }
        EncodingEnum defaultEncoding = request.getServer().getDefaultResponseEncoding();
        ResponseEncoding encoding = Optional.ofNullable(
                        RestfulServerUtils.determineResponseEncodingNoDefault(request, defaultEncoding))
                .orElseGet(() -> new ResponseEncoding(request.getFhirContext(), defaultEncoding, null));
        return Optional.of(encoding).filter(negotiated -> negotiated.getEncoding() == EncodingEnum.JSON);
    }

    /** The headers HAPI sets for a read (Content-Location, ETag, Last-Modified), then the body. */
    private static void write(ServletRequestDetails request, ResponseEncoding encoding, StoredJson stored)
            throws IOException {
        IRestfulResponse response = request.getResponse();
        response.addHeader(Constants.HEADER_CONTENT_LOCATION, request.getFhirServerBase() + "/"
                + stored.resourceType() + "/" + stored.id() + "/_history/" + stored.versionId());
        response.addHeader(Constants.HEADER_ETAG, RestfulServerUtils.createEtag(Long.toString(stored.versionId())));
        response.addHeader(Constants.HEADER_LAST_MODIFIED, DateUtils.formatDate(Date.from(stored.lastUpdated())));
        Writer writer = response.getResponseWriter(Constants.STATUS_HTTP_200_OK, encoding.getResourceContentType(),
                Constants.CHARSET_NAME_UTF8, request.isRespondGzip());
        writer.write(stored.json());
        response.commitResponse(writer);
    }
}
