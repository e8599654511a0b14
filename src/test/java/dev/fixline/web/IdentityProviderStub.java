package dev.fixline.web;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for Microsoft Entra ID on a local port (WireMock): the discovery document, the JWKS with a key
 * generated here, and a token endpoint whose answer the test sets. Tokens are signed with that key, or with
 * another one to be refused.
 */
final class IdentityProviderStub {

    static final String TENANT_PATH = "/tenant-1/v2.0";
    static final String TOKEN_PATH = "/tenant-1/oauth2/v2.0/token";
    static final String AUTHORIZE_PATH = "/tenant-1/oauth2/v2.0/authorize";

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final ObjectMapper json = new ObjectMapper();
    final RSAKey key = newKey("stub-key");

    private IdentityProviderStub() {
    }

    static IdentityProviderStub start() {
        IdentityProviderStub stub = new IdentityProviderStub();
        stub.server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(stub.server::stop));
        stub.serveDiscovery();
        return stub;
    }

    /** As Entra names itself in its discovery document and its tokens. */
    String issuer() {
        return server.baseUrl() + TENANT_PATH;
    }

    String authorizeUrl() {
        return server.baseUrl() + AUTHORIZE_PATH;
    }

    WireMockServer server() {
        return server;
    }

    /** The token endpoint answers the next authorization code with this ID token. */
    void answerCodesWith(String idToken) {
        server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson(write(Map.of(
                "access_token", "opaque-graph-token", "token_type", "Bearer", "expires_in", 3600,
                "scope", "openid profile", "id_token", idToken)))));
    }

    /** A token as Entra would sign it, with these claims besides the issuer. */
    String token(Map<String, Object> claims, RSAKey signer) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer(issuer());
        claims.forEach((name, value) -> set.claim(name, value instanceof Instant i ? Date.from(i) : value));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                set.build());
        try {
            jwt.sign(new RSASSASigner(signer));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static RSAKey newKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serveDiscovery() {
        String base = server.baseUrl() + "/tenant-1";
        server.stubFor(get(urlPathEqualTo(TENANT_PATH + "/.well-known/openid-configuration")).willReturn(okJson(write(
                Map.of("issuer", issuer(),
                        "authorization_endpoint", authorizeUrl(),
                        "token_endpoint", server.baseUrl() + TOKEN_PATH,
                        "jwks_uri", base + "/discovery/v2.0/keys",
                        "response_types_supported", List.of("code", "id_token", "code id_token"),
                        "subject_types_supported", List.of("pairwise"),
                        "id_token_signing_alg_values_supported", List.of("RS256"),
                        "scopes_supported", List.of("openid", "profile", "email", "offline_access"),
                        "token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"),
                        "claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username"))))));
        server.stubFor(get(urlPathEqualTo("/tenant-1/discovery/v2.0/keys"))
                .willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
