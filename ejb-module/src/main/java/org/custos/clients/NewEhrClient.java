package org.custos.clients;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A registration request (a bean, not a record: Payara's OpenAPI generator fails on constraints of record
 * components).
 */
public class NewEhrClient {

    @NotBlank
    @Pattern(regexp = "[a-z0-9][a-z0-9-]{2,63}")
    private String clientId;

    @NotBlank
    @Size(max = 100)
    private String name;

    /** SMART backend scopes, e.g. {@code system/*.rs}, {@code system/Observation.cruds}. */
    @NotEmpty
    @Size(max = 50)
    private List<String> scopes;

    /** Tokens bound to the client's key (DPoP, RFC 9449): a stolen token alone is useless. */
    private boolean dpopBound;

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getScopes() {
        return scopes;
    }

    public void setScopes(List<String> scopes) {
        this.scopes = scopes;
    }

    public boolean isDpopBound() {
        return dpopBound;
    }

    public void setDpopBound(boolean dpopBound) {
        this.dpopBound = dpopBound;
    }
}
