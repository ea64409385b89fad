package pics.aed.testsupport.contract;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes a set of JAX-RS resource classes serve, read from their annotations: the class's {@code @Path}, each
 * resource method's HTTP method annotation (anything meta-annotated {@code @HttpMethod}) and its own {@code @Path}.
 * A sub-resource locator (a {@code @Path} method without an HTTP method) is refused rather than guessed at.
 */
public final class JaxRsRoutes {

    private JaxRsRoutes() {}

    public static Set<Route> of(Collection<Class<?>> resources) {
        Set<Route> routes = new TreeSet<>();
        for (Class<?> resource : resources) {
            routes.addAll(of(resource));
        }
        return routes;
    }

    public static Set<Route> of(Class<?> resource) {
        Path root = resource.getAnnotation(Path.class);
        if (root == null) {
            throw new IllegalArgumentException(resource.getName() + " has no @Path: it is not a JAX-RS resource");
        }
        Set<Route> routes = new TreeSet<>();
        for (Method method : resource.getMethods()) {
            if (method.isBridge() || method.isSynthetic() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Path sub = method.getAnnotation(Path.class);
            Optional<String> verb = httpMethodOf(method);
            if (verb.isEmpty() && sub != null) {
                throw new IllegalArgumentException(resource.getName() + "." + method.getName()
                        + " is a sub-resource locator; list its routes by hand, they cannot be read from annotations");
            }
            verb.ifPresent(name -> routes.add(new Route(name, root.value() + "/" + (sub == null ? "" : sub.value()))));
        }
        return routes;
    }

    /** Whether a class is a JAX-RS resource whose routes this reads (REST client interfaces are not). */
    public static boolean isResource(Class<?> type) {
        return type.isAnnotationPresent(Path.class) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
    }

    private static Optional<String> httpMethodOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return Optional.of(verb.value());
            }
        }
        return Optional.empty();
    }
}
