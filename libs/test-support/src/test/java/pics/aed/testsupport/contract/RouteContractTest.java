package pics.aed.testsupport.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison behind {@link OpenApiContract}, on fabricated resources and documents: no Quarkus needed. */
class RouteContractTest {

    @Path("/api/widgets/")
    static class WidgetsResource {
        @GET
        public String list() {
            return "";
        }

        @POST
        public String create() {
            return "";
        }

        @GET
        @Path("{id: [0-9a-f-]+}")
        public String get() {
            return "";
        }

        @PATCH
        @Path("/{id}/")
        public String update() {
            return "";
        }

        public String notARoute() {
            return "";
        }
    }

    /** The same resource after someone added a route and did not document it. */
    @Path("/api/widgets")
    static class WidgetsWithAnExtraRoute extends WidgetsResource {
        @DELETE
        @Path("/{id}")
        public String delete() {
            return "";
        }
    }

    @Path("/api/gadgets")
    static class WithSubResourceLocator {
        @Path("/{id}/parts")
        public Object parts() {
            return null;
        }
    }

    private static final Map<String, Object> DOCUMENTED_WIDGETS = Map.of(
            "/api/widgets",
            Map.of(
                    "get", Map.of("operationId", "listWidgets"),
                    "post", Map.of("operationId", "createWidget"),
                    "parameters", List.of()),
            "/api/widgets/{id}",
            Map.of("get", Map.of("operationId", "getWidget"), "patch", Map.of("operationId", "updateWidget")));

    @Test
    void readsTheRoutesOfAResourceAsJaxRsServesThem() {
        assertThat(JaxRsRoutes.of(WidgetsResource.class))
                .containsExactly(
                        new Route("GET", "/api/widgets"),
                        new Route("POST", "/api/widgets"),
                        new Route("GET", "/api/widgets/{id}"),
                        new Route("PATCH", "/api/widgets/{id}"));
    }

    @Test
    void aDocumentedResourceMatchesItsContract() {
        OpenApiRoutes openApi = OpenApiRoutes.of(DOCUMENTED_WIDGETS);

        RouteDifference difference =
                RouteDifference.between(openApi.documented(), JaxRsRoutes.of(List.of(WidgetsResource.class)));

        assertThat(difference.isEmpty()).as(difference.describe()).isTrue();
    }

    @Test
    void aRouteAddedWithoutDocumentationFails() {
        OpenApiRoutes openApi = OpenApiRoutes.of(DOCUMENTED_WIDGETS);

        RouteDifference difference =
                RouteDifference.between(openApi.documented(), JaxRsRoutes.of(List.of(WidgetsWithAnExtraRoute.class)));

        assertThat(difference.isEmpty()).isFalse();
        assertThat(difference.undocumented()).containsExactly(new Route("DELETE", "/api/widgets/{id}"));
        assertThat(difference.documentedWithoutRoute()).isEmpty();
        assertThat(difference.describe()).contains("served but not in the contract", "DELETE /api/widgets/{id}");
    }

    @Test
    void aRouteOnlyTheScannerListsIsNotDocumented() {
        Map<String, Object> scannedToo = Map.of(
                "/api/widgets",
                Map.of("get", Map.of("operationId", "listWidgets"), "post", Map.of("summary", "from the code only")));

        OpenApiRoutes openApi = OpenApiRoutes.of(scannedToo);

        assertThat(openApi.documented()).containsExactly(new Route("GET", "/api/widgets"));
        assertThat(openApi.scannedOnly()).containsExactly(new Route("POST", "/api/widgets"));
    }

    @Test
    void aDocumentedRouteWithoutAResourceFails() {
        Map<String, Object> documentedMore = Map.of(
                "/api/widgets", Map.of("get", Map.of("operationId", "listWidgets")),
                "/api/widgets/{widgetId}", Map.of("get", Map.of("operationId", "getWidget")));

        RouteDifference difference = RouteDifference.between(
                OpenApiRoutes.of(documentedMore).documented(),
                Set.of(new Route("GET", "/api/widgets"), new Route("GET", "/api/widgets/{id}")));

        assertThat(difference.documentedWithoutRoute()).containsExactly(new Route("GET", "/api/widgets/{widgetId}"));
        assertThat(difference.undocumented()).containsExactly(new Route("GET", "/api/widgets/{id}"));
    }

    @Test
    void aSubResourceLocatorIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> JaxRsRoutes.of(WithSubResourceLocator.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sub-resource locator");
    }

    @Test
    void aReferenceToNothingIsReported() {
        Map<String, Object> document = Map.of(
                "paths",
                Map.of(
                        "/api/widgets",
                        Map.of(
                                "get",
                                Map.of(
                                        "responses",
                                        Map.of(
                                                "404", Map.of("$ref", "#/components/responses/NotFound"),
                                                "400", Map.of("$ref", "#/components/responses/Validation"))))),
                "components",
                Map.of("responses", Map.of("NotFound", Map.of("description", "not-found"))));

        assertThat(OpenApiRefs.unresolved(document)).containsExactly("#/components/responses/Validation");
    }
}
