package pics.aed.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The HTTP contract of a service is its {@code META-INF/openapi.yaml}, merged by SmallRye OpenAPI with what the code
 * declares and served at {@code /q/openapi}. This holds it to the routes the service really has: every route of its
 * JAX-RS resources (the beans on the running application's classpath) is documented in the contract, every
 * documented path and method has a route, and every {@code $ref} resolves. A service's test extends it:
 *
 * <pre>{@code @QuarkusTest class SessionsOpenApiTest extends OpenApiContract {}}</pre>
 */
public abstract class OpenApiContract {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        OpenApiRoutes openApi = OpenApiRoutes.of(
                servedDocument().get("paths") instanceof Map<?, ?> paths ? castPaths(paths) : Map.of());
        Set<Route> served = new TreeSet<>(JaxRsRoutes.of(resourceClasses()));
        served.addAll(openApi.scannedOnly());

        RouteDifference difference = RouteDifference.between(openApi.documented(), served);

        assertThat(openApi.documented()).as("documented routes").isNotEmpty();
        assertThat(difference.isEmpty()).as(difference.describe()).isTrue();
    }

    @Test
    void everyReferenceResolves() {
        assertThat(OpenApiRefs.unresolved(servedDocument()))
                .as("$refs in /q/openapi that point at nothing")
                .isEmpty();
    }

    /** The JAX-RS resources of the running application: its beans whose class carries {@code @Path}. */
    protected Set<Class<?>> resourceClasses() {
        return Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .map(Bean::getBeanClass)
                .filter(JaxRsRoutes::isResource)
                .collect(Collectors.toSet());
    }

    private static Map<String, Object> servedDocument() {
        return given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castPaths(Map<?, ?> paths) {
        return (Map<String, ?>) paths;
    }
}
