package dev.fixline.reliability.nodes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * Azure Resource Graph as both nodes see it (with {@code fixline.arg.auth=none} pointed at it): one page
 * of findings for the main query, and no registry tags.
 */
final class ResourceGraphDouble implements AutoCloseable {

    static final String PATH = "/providers/Microsoft.ResourceGraph/resources";
    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    ResourceGraphDouble() {
        server.start();
        server.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .withRequestBody(containing("microsoft.containerregistry/registries"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"totalRecords\":0,\"count\":0,\"resultTruncated\":\"false\",\"data\":[]}")));
        serve("{\"totalRecords\":0,\"count\":0,\"resultTruncated\":\"false\",\"data\":[]}".getBytes());
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** The answer to the findings query from now on: one page, as {@link dev.fixline.reliability.Exports} writes it. */
    void serve(byte[] page) {
        server.stubFor(post(urlPathEqualTo(PATH)).atPriority(5).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(page)));
    }

    /** How many times the findings query was asked (each sweep asks once for its one page). */
    int findingQueries() {
        return server.findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing("securityresources")))
                .size();
    }

    @Override
    public void close() {
        server.stop();
    }
}
